import Synchronization

/// A one-way flag set from a Task cancellation handler and polled by libcurl's progress
/// callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Marks the transfer as cancelled; the next progress callback aborts it.
    func cancel() { flag.store(true, ordering: .releasing) }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
