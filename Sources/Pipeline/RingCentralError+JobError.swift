import Essentials
public import JobQueue
public import RingCentral

extension RingCentralError {
    /// The queue's reaction to this error, the one mapping every handler uses: a rate limit (and
    /// a 503 with `Retry-After`) snoozes until the given time (no attempt spent), a 404 is gone for
    /// good, refused credentials, missing permissions, bad requests and bodies that are not audio
    /// are dead at once, and everything else (5xx, resets, timeouts) retries with backoff.
    /// - Parameters:
    ///   - now: Now, for a rate limit without a known end (snoozed a minute).
    ///   - gone: The message for a 404.
    public func jobError(now: Int64, gone: (String) -> String = { "gone (404): \($0)" }) -> JobError {
        switch code {
        case .rateLimited:
            return .snooze(until: retryAtMillis ?? now + 60_000, description)
        case .serverError where retryAtMillis != nil:
            // A 503 with Retry-After: come back when the server said, without spending an attempt.
            return .snooze(until: retryAtMillis!, description)
        case .notFound:
            return .permanent(gone(message))
        case .notAudio, .badRequest, .configuration, .authentication, .forbidden:
            return .permanent(description)
        default:
            return .retry(description)
        }
    }
}
