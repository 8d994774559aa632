import NIOCore
import Synchronization

/// Keeps a streamed body at most two windows ahead of its connection's event loop.
///
/// A response body's writer only waits when the channel is full, and the channel learns that on
/// its event loop: when the loops are busy (hundreds of fast players), a reader that reads from
/// the page cache hands over the whole file before the first chunk reaches the socket, about a
/// megabyte a connection. After each ``window`` bytes the pacer puts a marker on the event loop,
/// behind the writes already handed over, and before the next window waits until the marker of
/// the window before ran. So at most two windows wait in memory per stream, and while the loop
/// keeps up (the marker has run, which is read without a hop) the stream never waits.
struct StreamPacer {
    /// Bytes handed over between two markers.
    static let window = 128 * 1024

    /// Set on the event loop when a marker runs.
    private final class Marker: Sendable {
        let ran = Atomic<Bool>(false)
    }

    private let eventLoop: any EventLoop
    private var sinceMarker = 0
    private var previous: (marker: Marker, future: EventLoopFuture<Void>)?

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Records `bytes` handed to the writer; at each window's end, waits for the marker of the
    /// window before.
    mutating func handedOver(_ bytes: Int) async throws {
        sinceMarker += bytes
        guard sinceMarker >= Self.window else { return }
        sinceMarker = 0
        let marker = Marker()
        let future = eventLoop.submit { marker.ran.store(true, ordering: .releasing) }
        if let previous, !previous.marker.ran.load(ordering: .acquiring) {
            try await previous.future.get()
        }
        previous = (marker, future)
    }
}
