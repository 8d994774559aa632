/// How one attempt ended, as the processor reports it to the queue.
public enum JobOutcome: Sendable, Equatable {
    /// The handler returned.
    case completed
    /// The handler failed; `retryAt` is when to try again, or `nil` to mark the job dead.
    case failed(message: String, retryAt: Int64?)
    /// Run again at this time without spending an attempt.
    case snoozed(until: Int64, message: String)
    /// Give the job back for immediate re-claim without spending an attempt (shutdown).
    case released
}

/// An outcome addressed to one claim of one job.
public struct JobCompletion: Sendable, Equatable {
    public var jobId: Int64
    /// The lease token of the claim that produced the outcome: the fence.
    public var leaseToken: Int64
    public var outcome: JobOutcome
    /// The handler's note on a completed job (``JobContext/note(_:)``), kept as its last message.
    public var note: String?

    /// Creates a completion.
    public init(jobId: Int64, leaseToken: Int64, outcome: JobOutcome, note: String? = nil) {
        self.jobId = jobId
        self.leaseToken = leaseToken
        self.outcome = outcome
        self.note = note
    }
}
