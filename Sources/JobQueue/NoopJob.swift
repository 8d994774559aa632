import Essentials
import Foundation

/// The built-in `noop` kind: a canary for operators and the unit of work for benchmarks.
///
/// Payload `{"sleep_ms": N, "fail_times": K, "dead_times": D}` (all optional): sleep N milliseconds
/// (cancellable), fail the first K attempts with a retryable error, and fail permanently (dead at
/// once) while fewer than D failures are on the job's record. A retry keeps the record, so
/// `{"dead_times": 1}` dies once and completes when retried: a rehearsal of retrying a dead job.
public enum NoopJob {
    public static let kind = "noop"

    struct Payload: Decodable {
        var sleepMillis: Int?
        var failTimes: Int?
        var deadTimes: Int?

        enum CodingKeys: String, CodingKey {
            case sleepMillis = "sleep_ms"
            case failTimes = "fail_times"
            case deadTimes = "dead_times"
        }
    }

    /// The kind's definition; retries come back quickly (100 ms base, 2 s cap).
    public static func definition(retry: RetryPolicy = RetryPolicy(maxAttempts: 5, baseMillis: 100, capMillis: 2_000))
        -> JobDefinition
    {
        JobDefinition(kind: kind, retry: retry, validatePayload: { try decode($0) }) { context in
            if context.job.payload == "{}" { return }
            let payload = try decode(context.job.payload)
            if let sleep = payload.sleepMillis, sleep > 0 {
                try await context.queue.clock.sleep(forMillis: Int64(sleep))
            }
            if let failTimes = payload.failTimes, context.job.attempt <= failTimes {
                throw JobError.retry("noop: planned failure \(context.job.attempt) of \(failTimes)")
            }
            if let deadTimes = payload.deadTimes, deadTimes > 0 {
                let record = try await context.queue.job(context.job.id)
                let failures = record.flatMap { try? JSONSerialization.jsonObject(with: Data($0.errors.utf8)) as? [Any] }?.count ?? 0
                if failures < deadTimes {
                    throw JobError.permanent("noop: planned permanent failure \(failures + 1) of \(deadTimes)")
                }
            }
        }
    }

    @discardableResult
    static func decode(_ payload: String) throws -> Payload {
        let decoded: Payload
        do {
            decoded = try JSONDecoder().decode(Payload.self, from: Data(payload.utf8))
        } catch {
            throw JobQueueError(.invalidPayload, #"noop payload must look like {"sleep_ms": 10, "fail_times": 0, "dead_times": 0}"#)
        }
        if let sleep = decoded.sleepMillis, sleep < 0 || sleep > 86_400_000 {
            throw JobQueueError(.invalidPayload, "noop sleep_ms must be between 0 and 86400000")
        }
        if let failTimes = decoded.failTimes, failTimes < 0 {
            throw JobQueueError(.invalidPayload, "noop fail_times must not be negative")
        }
        if let deadTimes = decoded.deadTimes, deadTimes < 0 {
            throw JobQueueError(.invalidPayload, "noop dead_times must not be negative")
        }
        return decoded
    }
}
