/// Which audit entries to read.
public struct AuditQuery: Sendable, Equatable {
    /// Entries at or after this time (milliseconds since 1970).
    public var sinceMillis: Int64?
    /// Entries about this recording.
    public var recordingId: String?
    /// Entries of this action; a prefix ending in `.` (`erase.`) matches the family.
    public var action: String?
    /// At most this many, oldest first.
    public var limit: Int

    /// Creates a query.
    public init(sinceMillis: Int64? = nil, recordingId: String? = nil, action: String? = nil, limit: Int = 10_000) {
        self.sinceMillis = sinceMillis
        self.recordingId = recordingId
        self.action = action
        self.limit = limit
    }
}
