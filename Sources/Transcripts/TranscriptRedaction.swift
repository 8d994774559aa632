/// A stretch of text masked before a transcript was stored.
public struct TranscriptRedaction: Sendable, Codable, Equatable {
    /// What was masked: `card` or `ssn`.
    public var kind: String
    /// How many were masked in the transcript.
    public var count: Int

    /// Creates a record.
    public init(kind: String, count: Int) {
        self.kind = kind
        self.count = count
    }
}
