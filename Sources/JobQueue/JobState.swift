/// The lifecycle state of a job row.
///
/// A job row lives until it is ``completed``, ``dead`` or ``cancelled``; every other state is *live*.
///
/// ```
/// scheduled ─┐
/// available ─┼─▶ running ─▶ completed
/// retryable ─┘      │  ├──▶ retryable (error, backoff) / scheduled (snooze, no attempt spent)
///                   │  └──▶ dead (permanent error or attempts exhausted)
///                   └─────▶ available (lease expired and rescued, or released at shutdown)
/// ```
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Due now (or as soon as a worker, a concurrency slot and a rate-limit token are free).
    case available
    /// Waiting for its `run_at` (enqueued for later, or snoozed).
    case scheduled
    /// Failed and waiting for its retry backoff to pass.
    case retryable
    /// Claimed by a worker holding a lease.
    case running
    /// Finished successfully.
    case completed
    /// Failed permanently or ran out of attempts; kept with its last error.
    case dead
    /// Cancelled by an operator before it finished.
    case cancelled

    /// States in which a job still waits to run.
    public static let waiting: [JobState] = [.available, .scheduled, .retryable]

    /// States that hold an idempotency key (waiting or running).
    public static let live: [JobState] = [.available, .scheduled, .retryable, .running]

    /// Whether the job has reached a final state.
    public var isFinal: Bool { self == .completed || self == .dead || self == .cancelled }

    /// `('available','scheduled')`: states as an SQL list literal, for the stores' statements and
    /// partial indexes, so the sets above are written once.
    public static func sqlList(_ states: [JobState]) -> String {
        "(" + states.map { "'\($0.rawValue)'" }.joined(separator: ",") + ")"
    }
}
