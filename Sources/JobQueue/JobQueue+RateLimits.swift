import Essentials
import GRDB

extension JobQueue {
    /// Creates the key with this budget unless it exists (a budget learned later is kept).
    public func declare(_ limits: [RateLimit]) async throws {
        guard !limits.isEmpty else { return }
        try await write { db in
            for limit in limits {
                try db.execute(
                    sql: """
                        INSERT INTO rate_limits (key, limit_count, window_ms, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (key) DO NOTHING
                        """,
                    arguments: [limit.key, limit.limit, limit.windowMillis, Millis.now()]
                )
            }
        }
    }

    /// Sets a key's budget, for example from a server's `X-Rate-Limit-Limit` and `-Window` headers.
    /// Writes only when the budget changed.
    public func setRateLimit(_ limit: RateLimit) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO rate_limits (key, limit_count, window_ms, updated_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (key) DO UPDATE SET limit_count = ?2, window_ms = ?3, updated_at = ?4
                    WHERE limit_count != ?2 OR window_ms != ?3
                    """,
                arguments: [limit.key, limit.limit, limit.windowMillis, Millis.now()]
            )
        }
    }

    /// Pauses a key until `untilMillis` (for a `Retry-After`): nothing spends it before then.
    /// A pause never shortens an existing one.
    public func pause(_ key: String, untilMillis: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO rate_limits (key, limit_count, window_ms, paused_until, updated_at)
                    VALUES (?1, 1000000, 1000, ?2, ?3)
                    ON CONFLICT (key) DO UPDATE SET paused_until = max(coalesce(paused_until, 0), ?2), updated_at = ?3
                    """,
                arguments: [key, untilMillis, Millis.now()]
            )
        }
        wakeup.signal()
    }

    /// Spends `count` tokens of `key` from inside a handler, waiting for them as long as needed.
    ///
    /// Waiting costs the job no attempt; its lease keeps being renewed meanwhile. An undeclared key
    /// is unlimited.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire(_ key: String, count: Int = 1) async throws {
        precondition(count >= 1)
        while true {
            try Task.checkCancellation()
            let waitUntil = try await write { db -> Int64? in
                let now = Millis.now()
                guard let status = try self.rateLimitStatus(key, db: db, now: now) else { return nil }
                guard status.available >= count else {
                    return status.available > 0 ? now + 5 : status.nextTokenAt
                }
                try self.recordGrants(key, count: count, db: db, now: now)
                return nil
            }
            guard let waitUntil else { return }
            let delay = max(1, waitUntil - Millis.now())
            try await Task.sleep(for: .milliseconds(delay))
        }
    }

    /// The status of every key.
    public func rateLimitStatuses() async throws -> [RateLimitStatus] {
        try await database.read { db in
            let keys = try String.fetchAll(db, sql: "SELECT key FROM rate_limits ORDER BY key")
            let now = Millis.now()
            return try keys.compactMap { try self.rateLimitStatus($0, db: db, now: now) }
        }
    }

    /// One key's status, or `nil` when the key is not declared.
    public func rateLimitStatus(_ key: String) async throws -> RateLimitStatus? {
        try await database.read { db in try self.rateLimitStatus(key, db: db, now: Millis.now()) }
    }

    func rateLimitStatus(_ key: String, db: Database, now: Int64) throws -> RateLimitStatus? {
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

    func recordGrants(_ key: String, count: Int, db: Database, now: Int64) throws {
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
