public import Essentials
public import GRDB
public import JobQueue
public import Logging
import Synchronization

/// The queue on SQLite: one table of jobs, the rate-limit grants and the schedules, in the same
/// file as the catalog, written through GRDB's single writer in `IMMEDIATE` transactions.
///
/// Several processes share the file: each claim is one `UPDATE … WHERE id IN (SELECT … LIMIT n)
/// RETURNING …` over a partial index of the waiting states, and rate-limit grants are rows
/// written in the claim's transaction, so every process spends one budget.
public final class SQLiteQueueStore: QueueStore {
    let database: DatabasePool
    public let wakeup: Wakeup
    let logger: Logger
    /// Claim statements by number of kinds, built once.
    private let claimSQL = Mutex<[Int: String]>([:])

    /// A store over an opened database (``SQLiteDatabase/open(path:configuration:migrations:)``
    /// with ``SQLiteBackend/migrations`` applied).
    public init(database: DatabasePool, wakeup: Wakeup = Wakeup(), logger: Logger = Logger(label: "callvault.queue")) {
        self.database = database
        self.wakeup = wakeup
        self.logger = logger
    }

    // MARK: - Enqueue

    public func enqueue(_ requests: [JobRequest], now: Int64) async throws -> [EnqueueResult] {
        let results = try await write { db in try requests.map { try Self.insert($0, db: db, now: now) } }
        wakeup.signal()
        return results
    }

    /// Inserts one validated request inside the caller's transaction; other stores of the same
    /// file (the catalog) use it to commit a record and its follow-up job together.
    static func insert(_ request: JobRequest, db: Database, now: Int64) throws -> EnqueueResult {
        let maxAttempts = request.maxAttempts ?? 10
        let runAt = request.runAt ?? now
        let state: JobState = runAt > now ? .scheduled : .available
        if request.idempotencyKey == nil {
            try db.cachedStatement(
                sql: """
                    INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [request.kind, request.payload, state.rawValue, request.priority, runAt, maxAttempts, now, now])
            return EnqueueResult(id: db.lastInsertedRowID, inserted: true)
        }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, idempotency_key,
                                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL
                    AND state IN \(SQLiteQueueSchema.liveStates) DO NOTHING
                """
        )
        try statement.execute(arguments: [
            request.kind, request.payload, state.rawValue, request.priority, runAt, maxAttempts,
            request.idempotencyKey, now, now,
        ])
        if db.changesCount > 0 { return EnqueueResult(id: db.lastInsertedRowID, inserted: true) }
        let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM jobs WHERE idempotency_key = ? AND state IN \(SQLiteQueueSchema.liveStates)"),
            arguments: [request.idempotencyKey]
        )
        guard let existing else {
            throw JobQueueError(.invalidState, "enqueue of \(request.kind) inserted nothing and found no live job")
        }
        return EnqueueResult(id: existing, inserted: false)
    }

    // MARK: - Writes

    /// Runs `body` in an IMMEDIATE write transaction, waiting out other processes' locks.
    ///
    /// Each connection already waits in SQLite's busy handler; should that time out under extreme
    /// contention, the transaction is retried here rather than surfacing "database is locked".
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.write(database, logger: logger, body)
    }

    static func write<T: Sendable>(
        _ database: DatabasePool, logger: Logger, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        var delayMillis: UInt64 = 5
        while true {
            do {
                return try await database.write(body)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                logger.warning("database busy, retrying", metadata: ["delay_ms": "\(delayMillis)"])
                try await Task.sleep(for: .milliseconds(delayMillis))
                delayMillis = min(delayMillis * 2, 1_000)
            }
        }
    }

    /// The sub-select that picks due jobs of `count` kinds: it walks the `jobs_waiting` partial
    /// index in order (no sort step; a test holds it to that).
    static func claimSelect(kindCount count: Int) -> String {
        let placeholders = Array(repeating: "?", count: count).joined(separator: ",")
        return """
            SELECT id FROM jobs
            WHERE state IN \(SQLiteQueueSchema.waitingStates) AND run_at <= ? AND kind IN (\(placeholders))
            ORDER BY priority, run_at, id
            LIMIT ?
            """
    }

    /// The claim statement for `count` kinds.
    func claimStatementSQL(kindCount count: Int) -> String {
        if let sql = claimSQL.withLock({ $0[count] }) { return sql }
        let sql = """
            UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = ?, lease_token = random(),
                worker = ?, attempted_at = ?, updated_at = ?
            WHERE id IN (\(Self.claimSelect(kindCount: count)))
            RETURNING id, kind, payload, attempt, max_attempts, lease_token, priority, run_at, rescue_count,
                idempotency_key, snooze_count
            """
        claimSQL.withLock { $0[count] = sql }
        return sql
    }
}
