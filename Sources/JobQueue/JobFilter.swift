/// Which jobs `list` returns.
public struct JobFilter: Sendable, Equatable {
    public var state: JobState?
    public var kind: String?
    /// At most this many, newest first.
    public var limit: Int

    public init(state: JobState? = nil, kind: String? = nil, limit: Int = 50) {
        self.state = state
        self.kind = kind
        self.limit = limit
    }
}
