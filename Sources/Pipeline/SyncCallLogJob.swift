import Essentials
import Foundation
public import JobQueue
public import GRDB
import Logging
import RingCentral

/// `sync-call-log`: the recurring call-log sync (every 15 minutes by default in `serve` and `work`).
///
/// Its window starts where the last successful run's window ended, minus an overlap (late rows
/// reach the call log minutes after a call ends), and covers at most the last 24 hours on a first
/// run. The first page spends the Heavy token taken at claim; later pages wait for theirs.
public enum SyncCallLogJob {
    public static let kind = "sync-call-log"
    /// The window reaches back this far before the last run's end.
    public static let overlapMillis: Int64 = 60 * 60 * 1000

    /// The recurring schedule.
    public static func schedule(everySeconds seconds: Int = 900) -> RecurringSchedule {
        RecurringSchedule(name: kind, cadence: .every(seconds: seconds), kind: kind)
    }

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("pipeline-v1-sync-state") { db in
            try db.execute(sql: "CREATE TABLE sync_state (name TEXT PRIMARY KEY, last_window_end INTEGER NOT NULL) WITHOUT ROWID")
        }
    }

    public static func definition(_ context: PipelineContext) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 5, baseMillis: 5_000, capMillis: 600_000), concurrency: 1,
            rateLimitKey: RateLimitGroup.heavy.key
        ) { job in
            let now = Millis.now()
            let lastEnd = try await job.queue.database.read { db in
                try Int64.fetchOne(db, sql: "SELECT last_window_end FROM sync_state WHERE name = 'call-log'")
            }
            let start = max(now - 86_400_000, (lastEnd ?? 0) - overlapMillis)
            let query = CallLogQuery(dateFrom: Millis.date(start), dateTo: Millis.date(now))
            let sync = CallLogSync(client: context.client, queue: job.queue, logger: job.logger)
            do {
                let statistics = try await sync.run(query, firstPageBudget: .prepaid)
                job.logger.info("scheduled sync", metadata: ["calls": "\(statistics.callsSeen)", "enqueued": "\(statistics.jobsEnqueued)"])
            } catch let error as RingCentralError {
                switch error.code {
                case .rateLimited: throw JobError.snooze(until: error.retryAtMillis ?? Millis.now() + 60_000, error.description)
                case .authentication, .configuration, .badRequest: throw JobError.permanent(error.description)
                default: throw JobError.retry(error.description)
                }
            }
            try await job.queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO sync_state (name, last_window_end) VALUES ('call-log', ?1)
                        ON CONFLICT (name) DO UPDATE SET last_window_end = ?1
                        """,
                    arguments: [now]
                )
            }
        }
    }
}
