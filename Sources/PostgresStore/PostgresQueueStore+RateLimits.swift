public import JobQueue
import PostgresNIO

extension PostgresQueueStore {
    public func declare(_ limits: [RateLimit], now: Int64) async throws {
        guard !limits.isEmpty else { return }
        try await pool.transaction { connection in
            for limit in limits {
                try await connection.run(
                    """
                    INSERT INTO rate_limits (key, limit_count, window_ms, updated_at)
                    VALUES (\(limit.key), \(limit.limit), \(limit.windowMillis), \(now))
                    ON CONFLICT (key) DO NOTHING
                    """)
            }
        }
    }

    /// Writes only when the budget changed.
    public func setRateLimit(_ limit: RateLimit, now: Int64) async throws {
        try await pool.transaction { connection in
            try await connection.run(
                """
                INSERT INTO rate_limits (key, limit_count, window_ms, updated_at)
                VALUES (\(limit.key), \(limit.limit), \(limit.windowMillis), \(now))
                ON CONFLICT (key) DO UPDATE SET limit_count = excluded.limit_count, window_ms = excluded.window_ms,
                    updated_at = excluded.updated_at
                WHERE rate_limits.limit_count != excluded.limit_count OR rate_limits.window_ms != excluded.window_ms
                """)
        }
    }

    /// One statement; the whole fleet sees the pause at once.
    public func pause(_ key: String, until untilMillis: Int64, now: Int64) async throws {
        try await pool.transaction { connection in
            try await connection.run(
                """
                INSERT INTO rate_limits (key, limit_count, window_ms, paused_until, updated_at)
                VALUES (\(key), 1000000, 1000, \(untilMillis), \(now))
                ON CONFLICT (key) DO UPDATE SET
                    paused_until = greatest(coalesce(rate_limits.paused_until, 0), excluded.paused_until),
                    updated_at = excluded.updated_at
                """)
        }
    }

    /// One `UPDATE` of the key's row spends the tokens only when the window has room and the key
    /// is not paused; PostgreSQL re-checks the condition on the newest row version when another
    /// machine updated it meanwhile, so two machines never spend the same token.
    public func tryAcquire(_ key: String, count: Int, now: Int64) async throws -> Int64? {
        try await pool.transaction { connection -> Int64? in
            let spent = try await connection.first(
                """
                UPDATE rate_limits SET grants = (SELECT coalesce(array_agg(g ORDER BY g), '{}') FROM unnest(grants) AS g
                        WHERE g > \(now)::bigint - window_ms) || array_fill(\(now)::bigint, ARRAY[\(count)::int]),
                    updated_at = \(now)
                WHERE key = \(key) AND (paused_until IS NULL OR paused_until <= \(now))
                    AND (SELECT count(*) FROM unnest(grants) AS g WHERE g > \(now)::bigint - window_ms) + \(count) <= limit_count
                RETURNING key
                """)
            if spent != nil { return nil }
            guard let status = try await Self.rateLimitStatus(key, connection: connection, now: now) else { return nil }
            return status.available > 0 ? now + 5 : status.nextTokenAt
        }
    }

    public func rateLimitStatuses(now: Int64) async throws -> [RateLimitStatus] {
        try await pool.read { connection in
            try await connection.all("SELECT \(unescaped: PostgresBudgetRow.columns) FROM rate_limits ORDER BY key")
                .map { try PostgresBudgetRow(row: $0).status(now: now) }
        }
    }

    public func rateLimitStatus(_ key: String, now: Int64) async throws -> RateLimitStatus? {
        try await pool.read { connection in try await Self.rateLimitStatus(key, connection: connection, now: now) }
    }

    static func rateLimitStatus(_ key: String, connection: PostgresConnection, now: Int64) async throws -> RateLimitStatus? {
        try await connection.first("SELECT \(unescaped: PostgresBudgetRow.columns) FROM rate_limits WHERE key = \(key)")
            .map { try PostgresBudgetRow(row: $0).status(now: now) }
    }
}
