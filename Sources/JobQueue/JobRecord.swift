/// One row of the `jobs` table, as the CLI and handlers see it.
public struct JobRecord: Sendable, Codable, Equatable {
    /// Row id; increases with every enqueue.
    public var id: Int64
    /// The registered kind that runs this job, such as `download-recording`.
    public var kind: String
    /// The payload, a JSON object as text.
    public var payload: String
    public var state: JobState
    /// Smaller runs first.
    public var priority: Int
    /// The earliest time the job may run, in milliseconds since 1970.
    public var runAt: Int64
    /// Attempts started so far (a snooze does not count).
    public var attempt: Int
    public var maxAttempts: Int
    public var idempotencyKey: String?
    /// While running: when the lease expires unless renewed, in milliseconds since 1970.
    public var leaseUntil: Int64?
    /// While running: the fencing token of the current claim.
    public var leaseToken: Int64?
    /// While running: the worker holding the lease.
    public var worker: String?
    /// How many times an expired lease was rescued.
    public var rescueCount: Int
    /// How many times the job snoozed without spending an attempt.
    public var snoozeCount: Int
    /// The last error of a failed attempt or snooze; for a completed job, the handler's note (why
    /// it did less than usual), when it left one.
    public var lastError: String?
    /// Every failure so far, as a JSON array of `{"attempt","at","error"}` objects.
    public var errors: String
    /// The recurring schedule that enqueued it, if any.
    public var schedule: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var attemptedAt: Int64?
    public var finishedAt: Int64?

    /// Creates a value.
    public init(id: Int64, kind: String, payload: String, state: JobState, priority: Int, runAt: Int64, attempt: Int, maxAttempts: Int, idempotencyKey: String?, leaseUntil: Int64?, leaseToken: Int64?, worker: String?, rescueCount: Int, snoozeCount: Int, lastError: String?, errors: String, schedule: String?, createdAt: Int64, updatedAt: Int64, attemptedAt: Int64?, finishedAt: Int64?) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.state = state
        self.priority = priority
        self.runAt = runAt
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.idempotencyKey = idempotencyKey
        self.leaseUntil = leaseUntil
        self.leaseToken = leaseToken
        self.worker = worker
        self.rescueCount = rescueCount
        self.snoozeCount = snoozeCount
        self.lastError = lastError
        self.errors = errors
        self.schedule = schedule
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.attemptedAt = attemptedAt
        self.finishedAt = finishedAt
    }
}
