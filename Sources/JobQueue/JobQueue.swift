public import Essentials
public import GRDB
import Foundation
public import Logging

/// The durable job queue: one SQLite table driven through GRDB's single writer.
///
/// Delivery is at least once: a job row lives until it is completed, dead or cancelled. Workers
/// claim jobs with a lease they renew while the job runs; a lease that expires is rescued and the
/// job runs again, and a worker whose lease moved on can no longer finish the job (the lease token
/// fences every outcome).
///
/// ```swift
/// let database = try QueueDatabase.open(path: "storage/callvault.sqlite")
/// let queue = JobQueue(database: database, registry: registry)
/// try await queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 10}"#))
/// ```
public final class JobQueue: Sendable {
    /// The shared database; other modules write their tables through it, in the same transactions
    /// as their enqueues.
    public let database: DatabasePool
    /// The kinds this process knows.
    public let registry: JobRegistry
    /// Signalled on every local enqueue and finished job.
    public let wakeup = Wakeup()
    let logger: Logger

    public init(database: DatabasePool, registry: JobRegistry, logger: Logger = Logger(label: "callvault.queue")) {
        self.database = database
        self.registry = registry
        self.logger = logger
    }

    // MARK: - Enqueue

    /// Enqueues one job, or returns the live job that already holds its idempotency key.
    /// - Throws: ``JobQueueError`` for an unknown kind or an invalid payload.
    @discardableResult
    public func enqueue(_ request: JobRequest) async throws -> EnqueueResult {
        try registry.validate(request)
        let result = try await write { db in try self.insert(request, db: db, now: Millis.now()) }
        wakeup.signal()
        return result
    }

    /// Enqueues many jobs in one transaction: all of them or none.
    @discardableResult
    public func enqueue(_ requests: [JobRequest]) async throws -> [EnqueueResult] {
        var validated = Set<PayloadKey>()
        for request in requests where validated.insert(PayloadKey(kind: request.kind, payload: request.payload)).inserted {
            try registry.validate(request)
        }
        let results = try await write { db in
            let now = Millis.now()
            return try requests.map { try self.insert($0, db: db, now: now) }
        }
        wakeup.signal()
        return results
    }

    /// Enqueues inside the caller's write transaction, so a record and its job commit together.
    ///
    /// ```swift
    /// try await queue.database.write { db in
    ///     try recording.insert(db)
    ///     try queue.enqueue(JobRequest(kind: "normalize-recording", …), in: db)
    /// }
    /// ```
    /// Local workers are woken when the caller's transaction commits.
    @discardableResult
    public func enqueue(_ request: JobRequest, in db: Database) throws -> EnqueueResult {
        try registry.validate(request)
        let result = try insert(request, db: db, now: Millis.now())
        db.afterNextTransaction { [wakeup] _ in wakeup.signal() }
        return result
    }

    func insert(_ request: JobRequest, db: Database, now: Int64) throws -> EnqueueResult {
        let maxAttempts = request.maxAttempts ?? registry.definitions[request.kind]?.retry.maxAttempts ?? 10
        guard maxAttempts >= 1 else { throw JobQueueError(.invalidArgument, "max attempts must be at least 1") }
        let runAt = request.runAt ?? now
        let state: JobState = runAt > now ? .scheduled : .available
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, idempotency_key,
                                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL
                    AND state IN \(JobQueueSchema.liveStates) DO NOTHING
                RETURNING id
                """
        )
        let arguments: StatementArguments = [
            request.kind, request.payload, state.rawValue, request.priority, runAt, maxAttempts,
            request.idempotencyKey, now, now,
        ]
        if let id = try Int64.fetchOne(statement, arguments: arguments) {
            return EnqueueResult(id: id, inserted: true)
        }
        let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM jobs WHERE idempotency_key = ? AND state IN \(JobQueueSchema.liveStates)"),
            arguments: [request.idempotencyKey]
        )
        guard let existing else {
            throw JobQueueError(.invalidState, "enqueue of \(request.kind) inserted nothing and found no live job")
        }
        return EnqueueResult(id: existing, inserted: false)
    }

    /// A kind and payload already validated within one bulk enqueue.
    private struct PayloadKey: Hashable {
        var kind: String
        var payload: String
    }

    // MARK: - Writes

    /// Runs `body` in an IMMEDIATE write transaction, waiting out other processes' locks.
    ///
    /// Each connection already waits in SQLite's busy handler; should that time out under extreme
    /// contention, the transaction is retried here rather than surfacing "database is locked".
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
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
}
