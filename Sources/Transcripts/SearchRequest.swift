/// A search over transcripts with its filters and paging.
public struct SearchRequest: Sendable, Equatable, Codable {
    /// What to look for.
    public var query: SearchQuery
    /// Calls that started at or after this time (milliseconds since 1970).
    public var fromMillis: Int64?
    /// Calls that started before this time.
    public var toMillis: Int64?
    /// A party's number, whole or in part, written any way (`(650) 555-1212`, `+1650…`, `5551212`).
    public var phone: String?
    /// A speaker's name, or `agent` / `customer`.
    public var speaker: String?
    /// `Inbound` or `Outbound`.
    public var direction: String?
    /// One recording only.
    public var recordingId: String?
    /// The most hits to return.
    public var limit: Int
    /// Hits to skip (paging).
    public var offset: Int

    /// Creates a request.
    public init(
        query: SearchQuery, fromMillis: Int64? = nil, toMillis: Int64? = nil, phone: String? = nil, speaker: String? = nil,
        direction: String? = nil, recordingId: String? = nil, limit: Int = 20, offset: Int = 0
    ) {
        self.query = query
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.phone = phone
        self.speaker = speaker
        self.direction = direction
        self.recordingId = recordingId
        self.limit = limit
        self.offset = offset
    }
}
