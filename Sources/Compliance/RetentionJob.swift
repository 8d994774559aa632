import Foundation
public import JobQueue

/// `retention`: the nightly retention run of `serve` and `work` when `CALLVAULT_RETENTION_DAYS`
/// is set (at 03:00 in `CALLVAULT_TIMEZONE`). It deletes what `callvault retention
/// --older-than DAYS` would, through the same ``RecordingEraser``, and notes the counts.
public enum RetentionJob {
    /// The job kind and the schedule's name.
    public static let kind = "retention"

    /// The payload: the age, in days, beyond which recordings go.
    public struct Payload: Codable, Sendable {
        /// Days (fractions allowed).
        public var olderThanDays: Double
    }

    /// The nightly schedule.
    public static func schedule(olderThanDays days: Double, hour: Int = 3, timeZone: String = "UTC") -> RecurringSchedule {
        let payload = (try? JSONEncoder().encode(Payload(olderThanDays: days))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return RecurringSchedule(name: kind, cadence: .daily(hour: hour, minute: 0, timeZone: timeZone), kind: kind, payload: payload)
    }

    /// The job kind: one run at a time across every process, retried a few times.
    public static func definition(_ eraser: RecordingEraser) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 5, baseMillis: 60_000, capMillis: 3_600_000), concurrency: 1,
            validatePayload: { text in
                let payload = try JSONDecoder().decode(Payload.self, from: Data(text.utf8))
                guard payload.olderThanDays.isFinite, payload.olderThanDays >= 0 else {
                    throw ComplianceError(.invalidArgument, "olderThanDays must be 0 or more")
                }
            }
        ) { job in
            let payload = try JSONDecoder().decode(Payload.self, from: Data(job.job.payload.utf8))
            let plan = try await eraser.planRetention(olderThanDays: payload.olderThanDays)
            let report = try await eraser.execute(plan, actor: "job:retention")
            job.note("deleted \(report.count) recording(s), \(report.bytes) bytes; \(report.held.count) held; \(report.resumed.count) resumed")
        }
    }
}
