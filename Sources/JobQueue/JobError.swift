/// What a handler throws to say how its failure should be treated.
///
/// Any other error thrown by a handler counts as ``Disposition/retry``.
/// ```swift
/// throw JobError.permanent("recording 42 is gone (404)")
/// throw JobError.snooze(until: retryAfter, "rate limited")   // no attempt spent
/// ```
public struct JobError: Error, Sendable, CustomStringConvertible {
    /// The queue's reaction.
    public enum Disposition: Sendable, Equatable {
        /// Retry after the kind's backoff, while attempts remain.
        case retry
        /// Dead at once: retrying cannot help.
        case permanent
        /// Run again at this time (milliseconds since 1970) without spending an attempt.
        case snooze(until: Int64)
    }

    public var disposition: Disposition
    /// Recorded as the job's last error; never put secrets here.
    public var message: String

    public init(_ disposition: Disposition, _ message: String) {
        self.disposition = disposition
        self.message = message
    }

    public static func retry(_ message: String) -> JobError { JobError(.retry, message) }
    public static func permanent(_ message: String) -> JobError { JobError(.permanent, message) }
    public static func snooze(until millis: Int64, _ message: String) -> JobError {
        JobError(.snooze(until: millis), message)
    }

    public var description: String { message }
}
