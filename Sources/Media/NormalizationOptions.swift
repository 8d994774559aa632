/// How ``AudioNormalizer`` treats one recording.
public struct NormalizationOptions: Sendable, Equatable {
    /// The storage format policy.
    public var policy: NormalizationPolicy
    /// An optional integrated-loudness target in LUFS (e.g. −16). `nil` (the default) never
    /// changes loudness. When set, the input is measured first and scaled by one linear gain
    /// during encoding, so even a clean MP3 is re-encoded.
    public var loudnessTarget: Double?
    /// The highest sample peak (dBFS) a loudness gain may produce; the gain is reduced to respect
    /// it. Default −1 dBFS.
    public var peakCeilingDBFS: Double
    /// MP3 bit rate override in bit/s; `nil` picks
    /// ``AudioFileFormat/speechMP3BitRate(sampleRate:channels:)``.
    public var mp3BitRate: Int?
    /// Decode the written file again and report it in ``NormalizationRecord/after`` (default
    /// `true`). For a kept file the input analysis is reused, since the bytes are identical.
    public var verifyOutput: Bool
    /// The expected duration and byte count, checked on the input.
    public var expectations: ValidationExpectations

    /// Creates options.
    public init(
        policy: NormalizationPolicy = .mp3, loudnessTarget: Double? = nil, peakCeilingDBFS: Double = -1,
        mp3BitRate: Int? = nil, verifyOutput: Bool = true, expectations: ValidationExpectations = ValidationExpectations()
    ) {
        self.policy = policy
        self.loudnessTarget = loudnessTarget
        self.peakCeilingDBFS = peakCeilingDBFS
        self.mp3BitRate = mp3BitRate
        self.verifyOutput = verifyOutput
        self.expectations = expectations
    }
}
