/// One matching segment of a transcript, with what a player needs to jump to it.
public struct SearchHit: Sendable, Codable, Equatable {
    /// RingCentral's recording id.
    public var recordingId: String
    /// The call's start, ISO 8601 UTC.
    public var callStart: String
    /// `Inbound` or `Outbound`.
    public var direction: String?
    /// The calling party's number (E.164 when known).
    public var from: String?
    /// The called party's number.
    public var to: String?
    /// Who spoke: a name, else `agent` or `customer`, when known.
    public var speaker: String?
    /// The segment's start and end, in seconds from the start of the recording.
    public var start: Double
    public var end: Double
    /// The segment's text around the match, each match between ``SearchHit/markStart`` and
    /// ``SearchHit/markEnd``.
    public var snippet: String
    /// The relevance (higher is better); comparable within one search only.
    public var score: Double

    /// The character that opens a highlighted match in ``snippet`` (never in transcript text).
    public static let markStart: Character = "«"
    /// The character that closes a highlighted match.
    public static let markEnd: Character = "»"

    /// Creates a hit.
    public init(
        recordingId: String, callStart: String, direction: String?, from: String?, to: String?, speaker: String?,
        start: Double, end: Double, snippet: String, score: Double
    ) {
        self.recordingId = recordingId
        self.callStart = callStart
        self.direction = direction
        self.from = from
        self.to = to
        self.speaker = speaker
        self.start = start
        self.end = end
        self.snippet = snippet
        self.score = score
    }
}
