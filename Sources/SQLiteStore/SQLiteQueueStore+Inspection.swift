import Essentials
import GRDB
public import JobQueue

extension SQLiteQueueStore {
    public func job(_ id: Int64) async throws -> JobRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM jobs WHERE id = ?", arguments: [id]).map(Self.record)
        }
    }

    public func list(_ filter: JobFilter) async throws -> [JobRecord] {
        try await database.read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let state = filter.state {
                clauses.append("state = ?")
                arguments += [state.rawValue]
            }
            if let kind = filter.kind {
                clauses.append("kind = ?")
                arguments += [kind]
            }
            arguments += [max(0, filter.limit)]
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.columns) FROM jobs \(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments
            ).map(Self.record)
        }
    }

    public func stats(now: Int64) async throws -> JobStats {
        try await database.read { db in
            var byKind: [String: [String: Int]] = [:]
            var totals: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, state, count(*) FROM jobs GROUP BY kind, state") {
                let kind: String = row[0]
                let state: String = row[1]
                let count: Int = row[2]
                byKind[kind, default: [:]][state] = count
                totals[state, default: 0] += count
            }
            let oldest = try Int64.fetchOne(
                db, sql: "SELECT min(run_at) FROM jobs WHERE state IN \(SQLiteQueueSchema.waitingStates) AND run_at <= ?",
                arguments: [now]
            )
            return JobStats(
                kinds: byKind.keys.sorted().map { JobStats.KindCounts(kind: $0, states: byKind[$0]!) },
                totals: totals,
                oldestRunnableAgeMillis: oldest.map { now - $0 },
                rateLimits: []
            )
        }
    }

    /// Cancels a job that has not finished. A running job's worker loses its lease and stops.
    /// - Throws: ``JobQueueError`` `.notFound`, or `.invalidState` when the job already finished.
    public func cancel(_ id: Int64, now: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'cancelled', finished_at = ?1, updated_at = ?1,
                        lease_until = NULL, lease_token = NULL, worker = NULL
                    WHERE id = ?2 AND state IN \(SQLiteQueueSchema.liveStates)
                    """,
                arguments: [now, id]
            )
            if db.changesCount == 0 { try Self.explainNoChange(id, db: db, operation: "cancel") }
        }
    }

    /// Makes a dead, cancelled or waiting job due now; a dead or cancelled job gets a fresh set of
    /// attempts (its error history is kept).
    /// - Throws: ``JobQueueError`` `.notFound`, or `.invalidState` for a running or completed job, or
    ///   when another live job now holds its idempotency key.
    public func retry(_ id: Int64, now: Int64) async throws {
        try await write { db in
            do {
                try db.execute(
                    sql: """
                        UPDATE jobs SET
                            attempt = CASE WHEN state IN ('dead','cancelled') THEN 0 ELSE attempt END,
                            state = 'available', run_at = ?1, updated_at = ?1, finished_at = NULL
                        WHERE id = ?2 AND state IN ('dead','cancelled','retryable','scheduled','available')
                        """,
                    arguments: [now, id]
                )
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw JobQueueError(.invalidState, "job \(id) cannot be retried: another live job holds its idempotency key")
            }
            if db.changesCount == 0 { try Self.explainNoChange(id, db: db, operation: "retry") }
        }
        wakeup.signal()
    }

    private static func explainNoChange(_ id: Int64, db: Database, operation: String) throws {
        guard let state = try String.fetchOne(db, sql: "SELECT state FROM jobs WHERE id = ?", arguments: [id]) else {
            throw JobQueueError(.notFound, "no job with id \(id)")
        }
        throw JobQueueError(.invalidState, "cannot \(operation) job \(id): it is \(state)")
    }

    static let columns = """
        id, kind, payload, state, priority, run_at, attempt, max_attempts, idempotency_key, lease_until, lease_token,
        worker, rescue_count, snooze_count, last_error, errors, schedule, created_at, updated_at, attempted_at, finished_at
        """

    static func record(_ row: Row) -> JobRecord {
        JobRecord(
            id: row[0], kind: row[1], payload: row[2], state: JobState(rawValue: row[3]) ?? .dead,
            priority: row[4], runAt: row[5], attempt: row[6], maxAttempts: row[7], idempotencyKey: row[8],
            leaseUntil: row[9], leaseToken: row[10], worker: row[11], rescueCount: row[12], snoozeCount: row[13],
            lastError: row[14], errors: row[15], schedule: row[16], createdAt: row[17], updatedAt: row[18],
            attemptedAt: row[19], finishedAt: row[20]
        )
    }
}
