/// What a full decode pass over the audio stream found.
public struct DecodeReport: Sendable, Equatable, Codable {
    /// Packets read from the container (audio stream only).
    public var packets: Int
    /// Frames the decoder produced.
    public var frames: Int
    /// Samples per channel decoded.
    public var samples: Int64
    /// Packets or frames the decoder rejected (`AVERROR_INVALIDDATA` and the like).
    public var decodeErrors: Int
    /// The first decoder error, as FFmpeg describes it.
    public var firstError: String?
    /// Set when reading stopped on an error other than end of file.
    public var readError: String?
    /// Sample rate the decoder produced.
    public var sampleRate: Int
    /// Decoded duration in seconds (`samples / sampleRate`).
    public var decodedSeconds: Double
    /// Loudness of the decoded audio.
    public var loudness: LoudnessMeasurement
}
