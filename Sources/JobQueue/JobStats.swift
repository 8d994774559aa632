/// Counts by kind and state, for `callvault jobs stats`.
public struct JobStats: Sendable, Codable, Equatable {
    /// One kind's counts.
    public struct KindCounts: Sendable, Codable, Equatable {
        public var kind: String
        /// Count per state name; states with no job are absent.
        public var states: [String: Int]

        /// Creates a value.
        public init(kind: String, states: [String: Int]) {
            self.kind = kind
            self.states = states
        }
    }

    public var kinds: [KindCounts]
    /// Count per state over all kinds.
    public var totals: [String: Int]
    /// Age in milliseconds of the longest-waiting job that is due now, or `nil` when none is due.
    public var oldestRunnableAgeMillis: Int64?
    /// Rate-limit keys and their budgets now.
    public var rateLimits: [RateLimitStatus]

    /// Creates a value.
    public init(kinds: [KindCounts], totals: [String: Int], oldestRunnableAgeMillis: Int64?, rateLimits: [RateLimitStatus]) {
        self.kinds = kinds
        self.totals = totals
        self.oldestRunnableAgeMillis = oldestRunnableAgeMillis
        self.rateLimits = rateLimits
    }
}


