import Synchronization

/// The status and header fields of the 2xx response being streamed, handed from the transfer
/// thread (which records them before it queues the first body byte) to the consumer (which reads
/// them when it takes that byte).
final class StreamHead: Sendable {
    private let recorded = Mutex<(status: Int, headers: HTTPHeaders)?>(nil)

    /// Records the head once; later calls (more chunks of the same body) change nothing.
    func record(status: Int, headers: HTTPHeaders) {
        recorded.withLock { value in
            if value == nil { value = (status, headers) }
        }
    }

    /// The recorded head, if any.
    var value: (status: Int, headers: HTTPHeaders)? { recorded.withLock { $0 } }
}
