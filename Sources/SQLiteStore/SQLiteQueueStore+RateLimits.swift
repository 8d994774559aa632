import Essentials
import GRDB
public import JobQueue

extension SQLiteQueueStore {
    public func declare(_ limits: [RateLimit], now: Int64) async throws {
        guard !limits.isEmpty else { return }
        try await write { db in
            for limit in limits {
                try db.execute(
                    sql: """
                        INSERT INTO rate_limits (key, limit_count, window_ms, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (key) DO NOTHING
                        """,
                    arguments: [limit.key, limit.limit, limit.windowMillis, now]
                )
            }
        }
    }

    /// Writes only when the budget changed.
    public func setRateLimit(_ limit: RateLimit, now: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO rate_limits (key, limit_count, window_ms, updated_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (key) DO UPDATE SET limit_count = ?2, window_ms = ?3, updated_at = ?4
                    WHERE limit_count != ?2 OR window_ms != ?3
                    """,
                arguments: [limit.key, limit.limit, limit.windowMillis, now]
            )
        }
    }

    public func pause(_ key: String, until untilMillis: Int64, now: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO rate_limits (key, limit_count, window_ms, paused_until, updated_at)
                    VALUES (?1, 1000000, 1000, ?2, ?3)
                    ON CONFLICT (key) DO UPDATE SET paused_until = max(coalesce(paused_until, 0), ?2), updated_at = ?3
                    """,
                arguments: [key, untilMillis, now]
            )
        }
    }

    public func tryAcquire(_ key: String, count: Int, now: Int64) async throws -> Int64? {
        try await write { db -> Int64? in
            guard let status = try Self.rateLimitStatus(key, db: db, now: now) else { return nil }
            guard status.available >= count else {
                return status.available > 0 ? now + 5 : status.nextTokenAt
            }
            try Self.recordGrants(key, count: count, db: db, now: now)
            return nil
        }
    }

    public func rateLimitStatuses(now: Int64) async throws -> [RateLimitStatus] {
        try await database.read { db in
            let keys = try String.fetchAll(db, sql: "SELECT key FROM rate_limits ORDER BY key")
            return try keys.compactMap { try Self.rateLimitStatus($0, db: db, now: now) }
        }
    }

    public func rateLimitStatus(_ key: String, now: Int64) async throws -> RateLimitStatus? {
        try await database.read { db in try Self.rateLimitStatus(key, db: db, now: now) }
    }

    static func rateLimitStatus(_ key: String, db: Database, now: Int64) throws -> RateLimitStatus? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT limit_count, window_ms, paused_until FROM rate_limits WHERE key = ?"),
                arguments: [key]
            )
        else { return nil }
        let limit: Int = row[0]
        let window: Int64 = row[1]
        let pausedUntil: Int64? = row[2]
        let used = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM rate_limit_grants WHERE key = ? AND granted_at > ?"),
            arguments: [key, now - window]
        ) ?? 0
        var available = max(0, limit - used)
        var next = now
        if available == 0 {
            // The grant whose expiry frees the first token: the (used - limit + 1)-th oldest in the window.
            let oldest = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT granted_at FROM rate_limit_grants WHERE key = ? AND granted_at > ? ORDER BY granted_at LIMIT 1 OFFSET ?"
                ),
                arguments: [key, now - window, used - limit]
            )
            next = (oldest ?? now) + window
        }
        if let pausedUntil, pausedUntil > now {
            available = 0
            next = max(next, pausedUntil)
        }
        return RateLimitStatus(
            key: key, limit: limit, windowMillis: window, available: available, nextTokenAt: next,
            pausedUntil: pausedUntil.flatMap { $0 > now ? $0 : nil }
        )
    }

    static func recordGrants(_ key: String, count: Int, db: Database, now: Int64) throws {
        try db.cachedStatement(
            sql: """
                DELETE FROM rate_limit_grants WHERE key = ?1 AND granted_at <= ?2 -
                    (SELECT window_ms FROM rate_limits WHERE key = ?1)
                """
        ).execute(arguments: [key, now])
        let insert = try db.cachedStatement(sql: "INSERT INTO rate_limit_grants (key, granted_at) VALUES (?, ?)")
        for _ in 0..<count { try insert.execute(arguments: [key, now]) }
    }
}
