public import Logging
import Synchronization

/// What a handler gets for one attempt: the job, a logger, and the queue for follow-up work.
public struct JobContext: Sendable {
    /// The claimed job.
    public var job: ClaimedJob
    /// A logger with the job's id and kind as metadata.
    public var logger: Logger
    /// The queue, to enqueue follow-up jobs, spend rate-limit tokens or pause a key.
    public var queue: JobQueue
    private let noteBox = NoteBox()

    /// Creates a context.
    public init(job: ClaimedJob, logger: Logger, queue: JobQueue) {
        self.job = job
        self.logger = logger
        self.queue = queue
    }

    /// Records why a job that completed did less than usual (for example "no transcript: the user
    /// has no RingSense licence"); `callvault jobs show` prints it. The last note wins.
    public func note(_ text: String) {
        noteBox.text.withLock { $0 = text }
    }

    /// The note recorded by ``note(_:)``, if any.
    public var recordedNote: String? { noteBox.text.withLock { $0 } }

    private final class NoteBox: Sendable {
        let text = Mutex<String?>(nil)
    }
}
