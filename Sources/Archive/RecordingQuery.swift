/// Filters and paging of a recording listing.
public struct RecordingQuery: Sendable, Equatable {
    /// Calls that started at or after this time (milliseconds since 1970).
    public var fromMillis: Int64?
    /// Calls that started before this time.
    public var toMillis: Int64?
    /// A party's number, whole or in part, written any way.
    public var phone: String?
    /// `Inbound` or `Outbound`.
    public var direction: String?
    /// Only recordings with (`true`) or without (`false`) a stored transcript.
    public var hasTranscript: Bool?
    /// Only recordings in this state; default archived ones.
    public var state: RecordingState?
    /// Where the previous page ended (``RecordingPage/nextCursor``).
    public var cursor: String?
    /// The most recordings on a page.
    public var limit: Int

    /// Creates a query.
    public init(
        fromMillis: Int64? = nil, toMillis: Int64? = nil, phone: String? = nil, direction: String? = nil,
        hasTranscript: Bool? = nil, state: RecordingState? = .archived, cursor: String? = nil, limit: Int = 50
    ) {
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.phone = phone
        self.direction = direction
        self.hasTranscript = hasTranscript
        self.state = state
        self.cursor = cursor
        self.limit = limit
    }
}
