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

    // MARK: - Writes

    /// Runs `body` in an IMMEDIATE write transaction, waiting out other processes' locks.
    ///
    /// Each connection already waits in SQLite's busy handler; should that time out under extreme
    /// contention, the transaction is retried here rather than surfacing "database is locked".
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.write(database, logger: logger, body)
    }

    /// ``write(_:)`` on any pool of the file (the catalog's units of work use it too).
    ///
    /// The transaction is `BEGIN IMMEDIATE` … `COMMIT` issued through statements prepared once per
    /// connection, inside one hop to the writer: GRDB's `write` would parse both statements on every
    /// transaction, which is most of the Swift-side cost of a small transaction.
    static func write<T: Sendable>(
        _ database: DatabasePool, logger: Logger, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        var delayMillis: UInt64 = 5
        while true {
            do {
                return try await database.writeWithoutTransaction { db in try immediateTransaction(db, body) }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                logger.warning("database busy, retrying", metadata: ["delay_ms": "\(delayMillis)"])
                try await Task.sleep(for: .milliseconds(delayMillis))
                delayMillis = min(delayMillis * 2, 1_000)
            }
        }
    }

    static let beginSQL = "BEGIN IMMEDIATE"
    static let commitSQL = "COMMIT"

    /// `body` between `BEGIN IMMEDIATE` and `COMMIT`; rolled back when `body` or the commit throws.
    static func immediateTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.cachedStatement(sql: beginSQL).execute()
        do {
            let result = try body(db)
            try db.cachedStatement(sql: commitSQL).execute()
            return result
        } catch {
            // SQLite may already have rolled back (a full disk, an I/O error): only roll back what is open.
            if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
            throw error
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
