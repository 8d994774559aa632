import JobQueue
import PostgresNIO

/// One row of `rate_limits`: a key's budget, its pause, and the grants of its current window
/// (older grants are dropped whenever the row is written).
struct PostgresBudgetRow: Sendable {
    var key: String
    var limit: Int
    var windowMillis: Int64
    var pausedUntil: Int64?
    var grants: [Int64]

    /// The columns `key, limit_count, window_ms, paused_until, grants`, in that order.
    static let columns = "key, limit_count, window_ms, paused_until, grants"

    init(row: PostgresRow) throws {
        (key, limit, windowMillis, pausedUntil, grants) = try row.decode((String, Int, Int64, Int64?, [Int64]).self)
    }

    /// The key's status at `now`, as if `extraGrants` more grants had been made at `now`: the same
    /// sliding window as the SQLite store (no interval of the window's length holds more than the
    /// limit), a pause making nothing available until it ends.
    func status(now: Int64, extraGrants: Int = 0) -> RateLimitStatus {
        var window = grants.filter { $0 > now - windowMillis }.sorted()
        window += Array(repeating: now, count: extraGrants)
        let used = window.count
        var available = max(0, limit - used)
        var next = now
        if available == 0 {
            // The grant whose expiry frees the first token: the (used - limit + 1)-th oldest in the window.
            let index = used - limit
            next = (window.indices.contains(index) ? window[index] : now) + windowMillis
        }
        if let pausedUntil, pausedUntil > now {
            available = 0
            next = max(next, pausedUntil)
        }
        return RateLimitStatus(
            key: key, limit: limit, windowMillis: windowMillis, available: available, nextTokenAt: next,
            pausedUntil: pausedUntil.flatMap { $0 > now ? $0 : nil })
    }
}
