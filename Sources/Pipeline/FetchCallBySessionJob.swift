import Essentials
import Foundation
public import JobQueue
import Logging
import RingCentral

/// `fetch-call-by-session`: after a telephony event said a recorded call ended, reads its
/// call-log record (Heavy, `view=Detailed`, by `telephonySessionId`), records the call and
/// enqueues its downloads (key `session:<telephonySessionId>`).
///
/// RingCentral writes the call log a few minutes after the call, so "not there yet" snoozes on a
/// growing schedule (30 s, 1, 2, 5, 10 min …) for three hours after the event; then the job
/// completes with a note, and the periodic sync still catches the call.
public enum FetchCallBySessionJob {
    public static let kind = "fetch-call-by-session"
    /// How long after the event the call log is asked.
    public static let giveUpMillis: Int64 = 3 * 3_600_000

    struct Payload: Codable {
        var telephonySessionId: String
        var seenAtMillis: Int64
    }

    /// The job for one telephony session.
    public static func request(telephonySessionId: String, seenAtMillis: Int64) -> JobRequest {
        let payload = Payload(telephonySessionId: telephonySessionId, seenAtMillis: seenAtMillis)
        let text = (try? JSONEncoder().encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return JobRequest(kind: kind, payload: text, idempotencyKey: "session:\(telephonySessionId)", priority: -1)
    }

    public static func definition(_ context: PipelineContext) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 8, baseMillis: 5_000, capMillis: 600_000),
            rateLimitKey: RateLimitGroup.heavy.key,
            validatePayload: { _ = try JSONDecoder().decode(Payload.self, from: Data($0.utf8)) }
        ) { job in
            let payload = try job.job.decodePayload(as: Payload.self)
            let now = job.queue.now()
            let query = CallLogQuery(
                dateFrom: Millis.date(payload.seenAtMillis - 7 * 86_400_000), dateTo: Millis.date(now + 60_000),
                telephonySessionId: payload.telephonySessionId)
            var records: [CallLogRecord] = []
            do {
                try await context.client.callLog(query, firstPageBudget: .prepaid) { records += $0.records }
            } catch let error as RingCentralError {
                throw error.jobError(now: now)
            }
            guard !records.isEmpty else {
                if now - payload.seenAtMillis >= giveUpMillis {
                    job.note("the call log never listed session \(payload.telephonySessionId); the periodic sync will catch it")
                    return
                }
                let wait: Int64 = min(600_000, 30_000 << min(5, Int64(job.job.snoozeCount)))
                throw JobError.snooze(until: now + wait, "the call log has no record of session \(payload.telephonySessionId) yet")
            }
            let sync = CallLogSync(client: context.client, queue: job.queue, catalog: context.catalog, logger: job.logger)
            let statistics = try await sync.record(records)
            job.logger.info(
                "call recorded from a telephony event",
                metadata: ["session": "\(payload.telephonySessionId)", "enqueued": "\(statistics.jobsEnqueued)"])
        }
    }
}
