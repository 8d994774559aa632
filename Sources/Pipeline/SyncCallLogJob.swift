import Essentials
import Archive
import Essentials
import Foundation
public import JobQueue
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

    /// The catalog watermark holding the end of the last synced window.
    public static let watermark = "call-log"

    public static func definition(_ context: PipelineContext) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 5, baseMillis: 5_000, capMillis: 600_000), concurrency: 1,
            rateLimitKey: RateLimitGroup.heavy.key
        ) { job in
            let now = job.queue.now()
            let lastEnd = try await context.catalog.watermark(watermark)
            let start = max(now - 86_400_000, (lastEnd ?? 0) - overlapMillis)
            let query = CallLogQuery(dateFrom: Millis.date(start), dateTo: Millis.date(now))
            let sync = CallLogSync(client: context.client, queue: job.queue, catalog: context.catalog, logger: job.logger)
            do {
                let statistics = try await sync.run(query, firstPageBudget: .prepaid)
                job.logger.info("scheduled sync", metadata: ["calls": "\(statistics.callsSeen)", "enqueued": "\(statistics.jobsEnqueued)"])
            } catch let error as RingCentralError {
                throw error.jobError(now: job.queue.now())
            }
            try await context.catalog.setWatermark(watermark, to: now)
        }
    }
}
