/// What ``AudioNormalizer`` did to one recording, for the metadata sidecar.
public struct NormalizationRecord: Sendable, Equatable, Codable {
    /// The kind of change.
    public enum Action: String, Sendable, Codable {
        /// The output is a byte-for-byte copy of the input.
        case kept
        /// The input was clean and was encoded to another format (or re-encoded for loudness).
        case transcoded
        /// The input was damaged but decodable; what decoded was re-encoded.
        case repaired
    }

    /// What was done.
    public var action: Action
    /// The policy applied.
    public var policy: NormalizationPolicy
    /// The output's format; `nil` when the bytes were kept.
    public var outputFormat: AudioFileFormat?
    /// The output file's extension, from its real content (`mp3` or `wav`).
    public var outputExtension: String
    /// The input: header plus full decode.
    public var before: MediaAnalysis
    /// Problems found in the input (empty when it was clean).
    public var inputIssues: [ValidationIssue]
    /// The output: header plus full decode (the input analysis for a kept file, or when
    /// verification was turned off).
    public var after: MediaAnalysis
    /// Problems found in the output.
    public var outputIssues: [ValidationIssue]
    /// Linear gain applied, in dB (0 when no loudness target was set).
    public var appliedGainDB: Double
    /// The gain was reduced to respect the peak ceiling.
    public var gainLimitedByPeak: Bool
    /// The output sample rate differs from the input's because the encoder could not take it.
    public var resampled: Bool
    /// Human-readable summary, e.g. `kept: clean MP3 stored byte-for-byte`.
    public var summary: String
}
