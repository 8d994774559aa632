/// A job to enqueue.
///
/// ```swift
/// let request = JobRequest(kind: "download-recording", payload: #"{"recordingId":"42"}"#,
///                          idempotencyKey: "download:42")
/// let result = try await queue.enqueue(request)
/// ```
public struct JobRequest: Sendable, Equatable {
    public var kind: String
    /// A JSON object as text.
    public var payload: String
    /// Enqueueing a second live job with the same key returns the first one instead.
    public var idempotencyKey: String?
    /// The earliest time to run, in milliseconds since 1970; `nil` means now.
    public var runAt: Int64?
    /// Smaller runs first; default 0.
    public var priority: Int
    /// Overrides the kind's default when set.
    public var maxAttempts: Int?

    public init(
        kind: String,
        payload: String = "{}",
        idempotencyKey: String? = nil,
        runAt: Int64? = nil,
        priority: Int = 0,
        maxAttempts: Int? = nil
    ) {
        self.kind = kind
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.runAt = runAt
        self.priority = priority
        self.maxAttempts = maxAttempts
    }
}

/// The outcome of an enqueue.
public struct EnqueueResult: Sendable, Equatable {
    /// The id of the new job, or of the live job that already held the idempotency key.
    public var id: Int64
    /// `false` when the idempotency key matched an existing live job.
    public var inserted: Bool

    /// Creates a value.
    public init(id: Int64, inserted: Bool) {
        self.id = id
        self.inserted = inserted
    }
}
