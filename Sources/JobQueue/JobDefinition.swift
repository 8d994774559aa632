/// A job kind: its name, retry policy, limits and handler.
///
/// ```swift
/// let download = JobDefinition(kind: "download-recording", retry: RetryPolicy(maxAttempts: 8),
///                              rateLimitKey: "ringcentral:heavy") { context in
///     let payload = try context.job.decodePayload(as: DownloadPayload.self)
///     …
/// }
/// ```
public struct JobDefinition: Sendable {
    /// The persisted name; a versioned contract, never renamed lightly.
    public var kind: String
    public var retry: RetryPolicy
    /// At most this many jobs of the kind run at once across every process; `nil` for no limit.
    public var concurrency: Int?
    /// The rate-limit key one claim spends, such as `ringcentral:heavy`; `nil` for none.
    public var rateLimitKey: String?
    /// Checks a payload at enqueue time; throw to reject it.
    public var validatePayload: (@Sendable (String) throws -> Void)?
    /// Runs one attempt. Throw ``JobError`` to choose retry, dead or snooze; any other error retries.
    public var handler: @Sendable (JobContext) async throws -> Void

    public init(
        kind: String,
        retry: RetryPolicy = RetryPolicy(),
        concurrency: Int? = nil,
        rateLimitKey: String? = nil,
        validatePayload: (@Sendable (String) throws -> Void)? = nil,
        handler: @escaping @Sendable (JobContext) async throws -> Void
    ) {
        precondition(concurrency.map { $0 >= 1 } ?? true, "concurrency must be at least 1")
        self.kind = kind
        self.retry = retry
        self.concurrency = concurrency
        self.rateLimitKey = rateLimitKey
        self.validatePayload = validatePayload
        self.handler = handler
    }
}
