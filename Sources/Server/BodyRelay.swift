import NIOCore
import Synchronization

/// Hands body buffers from a producer task (a remote read, RingCentral's media host) to the
/// response writer one at a time, with back-pressure.
///
/// ``send(_:)`` returns once the writer has taken the buffer, so a producer is never more than one
/// buffer ahead of a slow player: memory stays bounded whatever the recording's length. Either
/// side can end the exchange: the producer with ``finish(throwing:)``, the writer with
/// ``cancel()`` (a player that went away), which makes the producer's next ``send(_:)`` throw
/// `CancellationError` so its transfer stops.
final class BodyRelay: Sendable {
    private struct State {
        var pending: ByteBuffer?
        var producer: CheckedContinuation<Void, any Error>?
        var consumer: CheckedContinuation<ByteBuffer?, any Error>?
        var finished = false
        var failure: (any Error)?
        var cancelled = false
    }

    private let state = Mutex(State())

    /// Hands `buffer` over and waits until the writer has taken it.
    /// - Throws: `CancellationError` when the writer stopped or the task was cancelled.
    func send(_ buffer: ByteBuffer) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Action {
                    case fail
                    case deliver(CheckedContinuation<ByteBuffer?, any Error>)
                    case wait
                }
                let action = state.withLock { state -> Action in
                    if state.cancelled || state.finished { return .fail }
                    if let consumer = state.consumer {
                        state.consumer = nil
                        return .deliver(consumer)
                    }
                    state.pending = buffer
                    state.producer = continuation
                    return .wait
                }
                switch action {
                case .fail: continuation.resume(throwing: CancellationError())
                case .deliver(let consumer):
                    consumer.resume(returning: buffer)
                    continuation.resume()
                case .wait: break
                }
            }
        } onCancel: {
            self.cancel()
        }
    }

    /// The next buffer, or `nil` once the producer finished.
    /// - Throws: The producer's failure, or `CancellationError`.
    func next() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
                enum Action {
                    case take(ByteBuffer, CheckedContinuation<Void, any Error>?)
                    case end((any Error)?)
                    case wait
                }
                let action = state.withLock { state -> Action in
                    if let pending = state.pending {
                        state.pending = nil
                        defer { state.producer = nil }
                        return .take(pending, state.producer)
                    }
                    if state.cancelled { return .end(CancellationError()) }
                    if state.finished { return .end(state.failure) }
                    state.consumer = continuation
                    return .wait
                }
                switch action {
                case .take(let buffer, let producer):
                    producer?.resume()
                    continuation.resume(returning: buffer)
                case .end(let failure?): continuation.resume(throwing: failure)
                case .end(nil): continuation.resume(returning: nil)
                case .wait: break
                }
            }
        } onCancel: {
            self.cancel()
        }
    }

    /// The producer is done: the writer gets what is pending, then `nil` (or `error`).
    func finish(throwing error: (any Error)? = nil) {
        let consumer = state.withLock { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            defer { state.consumer = nil }
            return state.consumer
        }
        if let error { consumer?.resume(throwing: error) } else { consumer?.resume(returning: nil) }
    }

    /// The writer is done (the player went away): the producer's pending and next sends throw.
    func cancel() {
        let (producer, consumer) = state.withLock { state in
            state.cancelled = true
            state.pending = nil
            defer {
                state.producer = nil
                state.consumer = nil
            }
            return (state.producer, state.consumer)
        }
        producer?.resume(throwing: CancellationError())
        consumer?.resume(throwing: CancellationError())
    }
}
