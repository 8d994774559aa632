/// A budget shared by every process on the database: at most ``limit`` grants in any ``windowMillis``.
///
/// A job kind names the key it spends (for example `ringcentral:heavy`). A job is claimed only when
/// its key has a token, and the grant is recorded in the same transaction as the claim, so several
/// processes share one budget. The window slides: no interval of `windowMillis` ever holds more than
/// `limit` grants, whatever window the remote server counts in.
public struct RateLimit: Sendable, Equatable {
    /// The key, such as `ringcentral:heavy`.
    public var key: String
    /// Grants allowed per window.
    public var limit: Int
    /// The window length in milliseconds.
    public var windowMillis: Int64

    public init(key: String, limit: Int, windowMillis: Int64) {
        precondition(limit >= 1 && windowMillis >= 1, "a rate limit needs limit >= 1 and window >= 1 ms")
        self.key = key
        self.limit = limit
        self.windowMillis = windowMillis
    }
}

/// The state of a rate-limit key at one instant.
public struct RateLimitStatus: Sendable, Equatable, Codable {
    public var key: String
    public var limit: Int
    public var windowMillis: Int64
    /// Grants still available now.
    public var available: Int
    /// When the next grant becomes possible (now when ``available`` > 0).
    public var nextTokenAt: Int64
    /// Set while the key is paused (after a 429), in milliseconds since 1970.
    public var pausedUntil: Int64?

    /// Creates a status.
    public init(key: String, limit: Int, windowMillis: Int64, available: Int, nextTokenAt: Int64, pausedUntil: Int64?) {
        self.key = key
        self.limit = limit
        self.windowMillis = windowMillis
        self.available = available
        self.nextTokenAt = nextTokenAt
        self.pausedUntil = pausedUntil
    }
}
