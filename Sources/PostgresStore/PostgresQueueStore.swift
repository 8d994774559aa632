public import Essentials
public import JobQueue
public import Logging
import PostgresNIO

/// The queue on PostgreSQL, shared by every machine of a fleet: the same rows, leases, fences,
/// schedules and budgets as `SQLiteQueueStore`, with PostgreSQL's own tools for many writers.
///
/// - A claim is one `UPDATE … FROM (SELECT … ORDER BY priority, run_at, id LIMIT n FOR UPDATE
///   SKIP LOCKED) … RETURNING …`: concurrent claimers skip each other's rows instead of waiting.
/// - Kinds with a concurrency limit take a transaction-level advisory lock per kind before they
///   count running jobs, and rate-limited kinds lock their budget row, so limits and budgets hold
///   across machines; locks are always taken in one order (kinds, then keys), so claims never
///   deadlock.
/// - Enqueues, retries, fired schedules, rescues and releases `NOTIFY` the back end's channel,
///   which every machine `LISTEN`s on (``PostgresListener``) to wake its workers; polling stays
///   the safety net.
/// - Every time is a parameter from the queue's clock, never the server's `now()`.
public final class PostgresQueueStore: QueueStore {
    let pool: PostgresPool
    public let wakeup: Wakeup
    /// The `LISTEN`/`NOTIFY` channel of this schema.
    let channel: String
    let logger: Logger

    /// A store on a migrated database; `wakeup` is the back end's, signalled by local commits and
    /// by other machines' notifications.
    public init(pool: PostgresPool, wakeup: Wakeup, channel: String, logger: Logger = Logger(label: "callvault.queue")) {
        self.pool = pool
        self.wakeup = wakeup
        self.channel = channel
        self.logger = logger
    }

    /// Wakes listening machines when the transaction commits.
    func notify(_ connection: PostgresConnection) async throws {
        try await connection.run("NOTIFY \(unescaped: channel)")
    }

    // MARK: - Enqueue

    public func enqueue(_ requests: [JobRequest], now: Int64) async throws -> [EnqueueResult] {
        guard !requests.isEmpty else { return [] }
        let channel = self.channel
        let results = try await pool.transaction { connection in
            let results = try await Self.insert(requests, connection: connection, now: now)
            try await connection.run("NOTIFY \(unescaped: channel)")
            return results
        }
        wakeup.signal()
        return results
    }

    /// Inserts validated requests inside the caller's transaction, in order: runs of requests
    /// without an idempotency key in one multi-row `INSERT`, runs of keyed requests in one
    /// `INSERT … ON CONFLICT DO NOTHING` whose keys held by live jobs return those jobs. Other
    /// stores of the same database (the catalog, the webhook events) use it to commit a record and
    /// its follow-up jobs together.
    static func insert(_ requests: [JobRequest], connection: PostgresConnection, now: Int64) async throws -> [EnqueueResult] {
        var results: [EnqueueResult] = []
        results.reserveCapacity(requests.count)
        var start = requests.startIndex
        while start < requests.endIndex {
            let keyed = requests[start].idempotencyKey != nil
            var end = start
            while end < requests.endIndex && (requests[end].idempotencyKey != nil) == keyed { end += 1 }
            let run = requests[start..<end]
            results += keyed
                ? try await insertKeyed(run, connection: connection, now: now)
                : try await insertUnkeyed(run, connection: connection, now: now)
            start = end
        }
        return results
    }

    private static func columns(_ requests: ArraySlice<JobRequest>, now: Int64)
        -> (kinds: [String], payloads: [String], states: [String], priorities: [Int], runAts: [Int64], attempts: [Int])
    {
        var columns: (kinds: [String], payloads: [String], states: [String], priorities: [Int], runAts: [Int64], attempts: [Int]) =
            ([], [], [], [], [], [])
        for request in requests {
            let runAt = request.runAt ?? now
            columns.kinds.append(request.kind)
            columns.payloads.append(request.payload)
            columns.states.append((runAt > now ? JobState.scheduled : JobState.available).rawValue)
            columns.priorities.append(request.priority)
            columns.runAts.append(runAt)
            columns.attempts.append(request.maxAttempts ?? 10)
        }
        return columns
    }

    private static func insertUnkeyed(_ requests: ArraySlice<JobRequest>, connection: PostgresConnection, now: Int64) async throws
        -> [EnqueueResult]
    {
        let c = columns(requests, now: now)
        let rows = try await connection.all(
            """
            INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, created_at, updated_at)
            SELECT k, p, s, pr, r, m, \(now), \(now)
            FROM unnest(\(c.kinds)::text[], \(c.payloads)::text[], \(c.states)::text[], \(c.priorities)::bigint[],
                \(c.runAts)::bigint[], \(c.attempts)::bigint[]) AS t (k, p, s, pr, r, m)
            RETURNING id
            """)
        // Identities are drawn in row order, so the ascending ids are the requests' ids in order.
        let ids = try rows.map { try $0.decode(Int64.self) }.sorted()
        guard ids.count == requests.count else {
            throw JobQueueError(.invalidState, "enqueue of \(requests.count) jobs inserted \(ids.count)")
        }
        return ids.map { EnqueueResult(id: $0, inserted: true) }
    }

    private static func insertKeyed(_ requests: ArraySlice<JobRequest>, connection: PostgresConnection, now: Int64) async throws
        -> [EnqueueResult]
    {
        let c = columns(requests, now: now)
        let keys = requests.map { $0.idempotencyKey! }
        var inserted: [String: Int64] = [:]
        for row in try await connection.all(
            """
            INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, idempotency_key, created_at, updated_at)
            SELECT k, p, s, pr, r, m, key, \(now), \(now)
            FROM unnest(\(c.kinds)::text[], \(c.payloads)::text[], \(c.states)::text[], \(c.priorities)::bigint[],
                \(c.runAts)::bigint[], \(c.attempts)::bigint[], \(keys)::text[]) WITH ORDINALITY AS t (k, p, s, pr, r, m, key, n)
            ORDER BY n
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND state IN \(unescaped: PostgresSchema.liveStates)
                DO NOTHING
            RETURNING id, idempotency_key
            """)
        {
            let (id, key) = try row.decode((Int64, String).self)
            inserted[key] = id
        }
        var existing: [String: Int64] = [:]
        let missing = Array(Set(keys).subtracting(inserted.keys))
        if !missing.isEmpty {
            for row in try await connection.all(
                """
                SELECT id, idempotency_key FROM jobs
                WHERE idempotency_key = ANY(\(missing)::text[]) AND state IN \(unescaped: PostgresSchema.liveStates)
                """)
            {
                let (id, key) = try row.decode((Int64, String).self)
                existing[key] = id
            }
        }
        var results: [EnqueueResult] = []
        for (request, key) in zip(requests, keys) {
            if let id = inserted.removeValue(forKey: key) {
                existing[key] = id
                results.append(EnqueueResult(id: id, inserted: true))
            } else if let id = existing[key] {
                results.append(EnqueueResult(id: id, inserted: false))
            } else {
                throw JobQueueError(.invalidState, "enqueue of \(request.kind) inserted nothing and found no live job")
            }
        }
        return results
    }
}
