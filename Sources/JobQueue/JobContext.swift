public import Logging

/// What a handler gets for one attempt: the job, a logger, and the queue for follow-up work.
public struct JobContext: Sendable {
    /// The claimed job.
    public var job: ClaimedJob
    /// A logger with the job's id and kind as metadata.
    public var logger: Logger
    /// The queue, to enqueue follow-up jobs, spend rate-limit tokens or pause a key.
    public var queue: JobQueue

    public init(job: ClaimedJob, logger: Logger, queue: JobQueue) {
        self.job = job
        self.logger = logger
        self.queue = queue
    }
}
