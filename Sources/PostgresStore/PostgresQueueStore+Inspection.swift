import Essentials
public import JobQueue
import PostgresNIO

extension PostgresQueueStore {
    public func job(_ id: Int64) async throws -> JobRecord? {
        try await pool.read { connection in
            try await connection.first("SELECT \(unescaped: Self.columns) FROM jobs WHERE id = \(id)").map(Self.record)
        }
    }

    public func list(_ filter: JobFilter) async throws -> [JobRecord] {
        try await pool.read { connection in
            try await connection.all(
                """
                SELECT \(unescaped: Self.columns) FROM jobs
                WHERE (\(filter.state?.rawValue)::text IS NULL OR state = \(filter.state?.rawValue)::text)
                    AND (\(filter.kind)::text IS NULL OR kind = \(filter.kind)::text)
                ORDER BY id DESC LIMIT \(max(0, filter.limit))
                """
            ).map(Self.record)
        }
    }

    public func stats(now: Int64) async throws -> JobStats {
        try await pool.read { connection in
            var byKind: [String: [String: Int]] = [:]
            var totals: [String: Int] = [:]
            for row in try await connection.all("SELECT kind, state, count(*) FROM jobs GROUP BY kind, state") {
                let (kind, state, count) = try row.decode((String, String, Int).self)
                byKind[kind, default: [:]][state] = count
                totals[state, default: 0] += count
            }
            let oldest = try await connection.first(
                "SELECT min(run_at) FROM jobs WHERE state IN \(unescaped: PostgresSchema.waitingStates) AND run_at <= \(now)"
            )?.decode(Int64?.self)
            return JobStats(
                kinds: byKind.keys.sorted().map { JobStats.KindCounts(kind: $0, states: byKind[$0]!) },
                totals: totals,
                oldestRunnableAgeMillis: oldest.map { now - $0 },
                rateLimits: [])
        }
    }

    /// Cancels a job that has not finished. A running job's worker loses its lease and stops.
    /// - Throws: ``JobQueueError`` `.notFound`, or `.invalidState` when the job already finished.
    public func cancel(_ id: Int64, now: Int64) async throws {
        try await pool.transaction { connection in
            let changed = try await connection.first(
                """
                UPDATE jobs SET state = 'cancelled', finished_at = \(now), updated_at = \(now),
                    lease_until = NULL, lease_token = NULL, worker = NULL
                WHERE id = \(id) AND state IN \(unescaped: PostgresSchema.liveStates)
                RETURNING id
                """)
            if changed == nil { try await Self.explainNoChange(id, connection: connection, operation: "cancel") }
        }
    }

    /// Makes a dead, cancelled or waiting job due now; a dead or cancelled job gets a fresh set of
    /// attempts (its error history is kept).
    /// - Throws: ``JobQueueError`` `.notFound`, or `.invalidState` for a running or completed job, or
    ///   when another live job now holds its idempotency key.
    public func retry(_ id: Int64, now: Int64) async throws {
        let channel = self.channel
        try await pool.transaction { connection in
            let changed: PostgresRow?
            do {
                changed = try await connection.first(
                    """
                    UPDATE jobs SET
                        attempt = CASE WHEN state IN ('dead','cancelled') THEN 0 ELSE attempt END,
                        state = 'available', run_at = \(now), updated_at = \(now), finished_at = NULL
                    WHERE id = \(id) AND state IN ('dead','cancelled','retryable','scheduled','available')
                    RETURNING id
                    """)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw JobQueueError(.invalidState, "job \(id) cannot be retried: another live job holds its idempotency key")
            }
            guard changed != nil else {
                try await Self.explainNoChange(id, connection: connection, operation: "retry")
                return
            }
            try await connection.run("NOTIFY \(unescaped: channel)")
        }
        wakeup.signal()
    }

    private static func explainNoChange(_ id: Int64, connection: PostgresConnection, operation: String) async throws {
        guard let state = try await connection.first("SELECT state FROM jobs WHERE id = \(id)")?.decode(String.self) else {
            throw JobQueueError(.notFound, "no job with id \(id)")
        }
        throw JobQueueError(.invalidState, "cannot \(operation) job \(id): it is \(state)")
    }

    static let columns = """
        id, kind, payload, state, priority, run_at, attempt, max_attempts, idempotency_key, lease_until, lease_token,
        worker, rescue_count, snooze_count, last_error, errors::text, schedule, created_at, updated_at, attempted_at, finished_at
        """

    static func record(_ row: PostgresRow) throws -> JobRecord {
        let r = try row.decode(
            (Int64, String, String, String, Int, Int64, Int, Int, String?, Int64?, Int64?, String?, Int, Int, String?,
                String, String?, Int64, Int64, Int64?, Int64?).self)
        return JobRecord(
            id: r.0, kind: r.1, payload: r.2, state: JobState(rawValue: r.3) ?? .dead, priority: r.4, runAt: r.5, attempt: r.6,
            maxAttempts: r.7, idempotencyKey: r.8, leaseUntil: r.9, leaseToken: r.10, worker: r.11, rescueCount: r.12,
            snoozeCount: r.13, lastError: r.14, errors: r.15, schedule: r.16, createdAt: r.17, updatedAt: r.18,
            attemptedAt: r.19, finishedAt: r.20)
    }
}
