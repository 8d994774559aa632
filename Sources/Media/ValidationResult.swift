public import Essentials

/// The verdict on one file.
public enum ValidationResult: Sendable, Equatable {
    /// Probe and full decode succeeded, decoded duration matches the header and the
    /// expectations, and the byte count matches.
    case valid(MediaAnalysis)
    /// Audio, but truncated, with decode errors, or not matching the expectations. The analysis
    /// is `nil` when libavformat could not open the file at all.
    case damaged(reasons: [ValidationIssue], analysis: MediaAnalysis?)
    /// Not audio: an empty file, an HTTP error body (JSON, HTML, XML), or random bytes.
    case notAudio(NonAudioContent)

    /// Whether the file was accepted.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The analysis, when the file could be decoded.
    public var analysis: MediaAnalysis? {
        switch self {
        case .valid(let analysis): analysis
        case .damaged(_, let analysis): analysis
        case .notAudio: nil
        }
    }

    /// The reasons for a `.damaged` verdict (empty otherwise).
    public var reasons: [ValidationIssue] {
        if case .damaged(let reasons, _) = self { return reasons }
        return []
    }
}
