import Essentials
import Foundation
import JobQueue
import Logging
import PostgresNIO
import PostgresStore

/// Measures the queue on PostgreSQL for `scripts/bench/postgres`; prints one JSON object per run.
///
/// - `postgres-bench prepare URL COUNT BATCH`: migrates the URL's schema and enqueues COUNT noop
///   jobs through the queue in batches of BATCH.
/// - `postgres-bench raw-prepare URL COUNT BATCH`: the same rows with the store's multi-row
///   `INSERT … SELECT FROM unnest(…)`, sent by a bare postgres-nio connection (the schema must exist).
/// - `postgres-bench work URL WORKERS`: one worker process (a `JobProcessor` with WORKERS
///   concurrent jobs) draining the queue.
/// - `postgres-bench raw-work URL BATCH`: the limit: a bare connection looping over the
///   statements the store sends for one `completeAndClaim` (finish the last batch, claim the
///   next with `FOR UPDATE SKIP LOCKED`, in one transaction) until nothing is left.
@main
enum PostgresBench {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2 else { usage() }
        let configuration = try PostgresConfiguration(url: arguments[1], poolSize: 4)
        switch arguments[0] {
        case "prepare" where arguments.count == 4:
            try await prepare(configuration, count: Int(arguments[2]) ?? 10_000, batch: Int(arguments[3]) ?? 500)
        case "raw-prepare" where arguments.count == 4:
            try await rawPrepare(configuration, count: Int(arguments[2]) ?? 10_000, batch: Int(arguments[3]) ?? 500)
        case "work" where arguments.count == 3:
            try await work(configuration, workers: Int(arguments[2]) ?? 8)
        case "raw-work" where arguments.count == 3:
            try await rawWork(configuration, batch: Int(arguments[2]) ?? 8)
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data("usage: postgres-bench prepare|raw-prepare URL COUNT BATCH | work URL WORKERS | raw-work URL BATCH\n".utf8))
        exit(2)
    }

    static var logger: Logger {
        var logger = Logger(label: "postgres-bench")
        logger.logLevel = .error
        return logger
    }

    static func registry() -> JobRegistry {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        return registry
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func prepare(_ configuration: PostgresConfiguration, count: Int, batch: Int) async throws {
        let backend = try await PostgresBackend.open(configuration: configuration, logger: logger)
        let queue = JobQueue(store: backend.queue, registry: registry(), logger: logger)
        let requests = Array(repeating: JobRequest(kind: "noop"), count: batch)
        let start = ContinuousClock.now
        var left = count
        while left > 0 {
            _ = try await queue.enqueue(Array(requests.prefix(left)))
            left -= batch
        }
        let seconds = seconds(since: start)
        await backend.close()
        print(#"{"run":"enqueue","client":"callvault","jobs":\#(count),"batch":\#(batch),"seconds":\#(seconds)}"#)
    }

    static func work(_ configuration: PostgresConfiguration, workers: Int) async throws {
        let backend = try await PostgresBackend.open(configuration: configuration, logger: logger)
        let queue = JobQueue(store: backend.queue, registry: registry(), logger: logger)
        let processor = JobProcessor(
            queue: queue, configuration: JobProcessorConfiguration(workers: workers, drain: true, runSchedules: false), logger: logger)
        let start = ContinuousClock.now
        try await processor.run()
        let seconds = seconds(since: start)
        await backend.close()
        print(#"{"run":"work","client":"callvault","workers":\#(workers),"seconds":\#(seconds)}"#)
    }

    /// A bare client on one connection, outside the store.
    static func withRawConnection<T: Sendable>(
        _ configuration: PostgresConfiguration, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        var settings = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        settings.options.additionalStartupParameters = [("search_path", "\(configuration.schema), public")]
        let client = PostgresClient(configuration: settings, backgroundLogger: logger)
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        return try await client.withConnection { connection in try await body(connection) }
    }

    static func rawPrepare(_ configuration: PostgresConfiguration, count: Int, batch: Int) async throws {
        let seconds = try await withRawConnection(configuration) { connection in
            let logger = Self.logger
            let start = ContinuousClock.now
            var left = count
            while left > 0 {
                let n = min(batch, left)
                let kinds = Array(repeating: "noop", count: n)
                let payloads = Array(repeating: "{}", count: n)
                let states = Array(repeating: "available", count: n)
                let priorities = Array(repeating: 0, count: n)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let runAts = Array(repeating: now, count: n)
                let attempts = Array(repeating: 10, count: n)
                try await connection.query("BEGIN", logger: logger)
                _ = try await connection.query(
                    """
                    INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, created_at, updated_at)
                    SELECT k, p, s, pr, r, m, \(now), \(now)
                    FROM unnest(\(kinds)::text[], \(payloads)::text[], \(states)::text[], \(priorities)::bigint[],
                        \(runAts)::bigint[], \(attempts)::bigint[]) AS t (k, p, s, pr, r, m)
                    RETURNING id
                    """, logger: logger
                ).collect()
                try await connection.query("COMMIT", logger: logger)
                left -= n
            }
            return Self.seconds(since: start)
        }
        print(#"{"run":"enqueue","client":"raw","jobs":\#(count),"batch":\#(batch),"seconds":\#(seconds)}"#)
    }

    static func rawWork(_ configuration: PostgresConfiguration, batch: Int) async throws {
        let (done, seconds) = try await withRawConnection(configuration) { connection -> (Int, Double) in
            let logger = Self.logger
            let start = ContinuousClock.now
            var held: [(Int64, Int64)] = []
            var done = 0
            let worker = "raw-\(getpid())"
            repeat {
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await connection.query("BEGIN", logger: logger)
                if !held.isEmpty {
                    let ids = held.map(\.0)
                    let tokens = held.map(\.1)
                    done += try await connection.query(
                        """
                        UPDATE jobs SET state = 'completed', finished_at = \(now), updated_at = \(now), lease_until = NULL,
                            lease_token = NULL
                        FROM unnest(\(ids)::bigint[], \(tokens)::bigint[]) AS c (id, token)
                        WHERE jobs.id = c.id AND jobs.lease_token = c.token AND jobs.state = 'running'
                        RETURNING jobs.id
                        """, logger: logger
                    ).collect().count
                }
                let kinds = ["noop"]
                let leaseUntil = now + 30_000
                held = try await connection.query(
                    """
                    UPDATE jobs SET state = 'running', attempt = jobs.attempt + 1, lease_until = \(leaseUntil),
                        lease_token = nextval('lease_tokens'), worker = \(worker), attempted_at = \(now), updated_at = \(now)
                    FROM (
                        SELECT id FROM jobs
                        WHERE state IN ('available','scheduled','retryable') AND run_at <= \(now) AND kind = ANY(\(kinds)::text[])
                        ORDER BY priority, run_at, id
                        LIMIT \(batch)
                        FOR UPDATE SKIP LOCKED
                    ) AS picked
                    WHERE jobs.id = picked.id
                    RETURNING jobs.id, jobs.kind, jobs.payload, jobs.attempt, jobs.max_attempts, jobs.lease_token, jobs.priority,
                        jobs.run_at, jobs.rescue_count, jobs.idempotency_key, jobs.snooze_count
                    """, logger: logger
                ).collect().map { row in
                    let columns = try row.decode((Int64, String, String, Int, Int, Int64, Int, Int64, Int, String?, Int).self)
                    return (columns.0, columns.5)
                }
                try await connection.query("COMMIT", logger: logger)
            } while !held.isEmpty
            return (done, Self.seconds(since: start))
        }
        print(#"{"run":"work","client":"raw","batch":\#(batch),"completed":\#(done),"seconds":\#(seconds)}"#)
    }
}
