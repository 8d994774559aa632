#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded hand-over of body bytes from a transfer thread to an async consumer.
///
/// The transfer thread ``push(_:)``es copies of libcurl's chunks and blocks while more than
/// `limit` bytes wait, which stalls libcurl and so, through TCP, the server: memory stays
/// bounded however slow the consumer is. The consumer awaits ``next()`` without blocking a
/// thread. Either side can end the exchange: ``finish()`` (no more bytes) or ``stop()`` (the
/// consumer gave up; the next push fails so libcurl aborts).
///
/// `@unchecked Sendable`: every stored property is guarded by `mutex`; a chunk is owned by the
/// channel while queued and by the consumer once returned from ``next()``.
final class ChunkChannel: @unchecked Sendable {
    /// A chunk of bytes handed from the producer to the consumer; whoever holds it owns it
    /// (`@unchecked Sendable`: it moves between threads but is never shared).
    struct Chunk: @unchecked Sendable {
        let bytes: UnsafeMutableRawBufferPointer
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let limit: Int
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    private var head = 0
    private var queuedBytes = 0
    private var isFinished = false
    private var isStopped = false
    private var waiter: CheckedContinuation<Chunk?, Never>?

    /// Creates a channel that holds at most about `limit` bytes.
    init(limit: Int) {
        self.limit = limit
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        pthread_cond_init(condition, nil)
    }

    deinit {
        for chunk in chunks[head...] { chunk.deallocate() }
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues a copy of `bytes`, waiting while the channel is full. Transfer thread only.
    ///
    /// - Returns: `false` when the consumer stopped (the transfer should abort).
    func push(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return true }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        copy.copyMemory(from: bytes)
        pthread_mutex_lock(mutex)
        while queuedBytes >= limit && !isStopped { pthread_cond_wait(condition, mutex) }
        if isStopped {
            pthread_mutex_unlock(mutex)
            copy.deallocate()
            return false
        }
        if let waiter {
            self.waiter = nil
            pthread_mutex_unlock(mutex)
            waiter.resume(returning: Chunk(bytes: copy))
            return true
        }
        chunks.append(copy)
        queuedBytes += copy.count
        pthread_mutex_unlock(mutex)
        return true
    }

    /// Marks the end of the bytes; a waiting consumer gets `nil`. Safe to call more than once.
    func finish() {
        pthread_mutex_lock(mutex)
        isFinished = true
        let waiter = self.waiter
        self.waiter = nil
        pthread_mutex_unlock(mutex)
        waiter?.resume(returning: nil)
    }

    /// The consumer gives up: queued bytes are dropped and the producer's next push fails.
    func stop() {
        pthread_mutex_lock(mutex)
        isStopped = true
        let dropped = chunks[head...]
        chunks = []
        head = 0
        queuedBytes = 0
        pthread_cond_broadcast(condition)
        let waiter = self.waiter
        self.waiter = nil
        pthread_mutex_unlock(mutex)
        for chunk in dropped { chunk.deallocate() }
        waiter?.resume(returning: nil)
    }

    /// The next chunk (the caller deallocates it), or `nil` after ``finish()`` or ``stop()``
    /// once the queue is empty. One consumer at a time.
    func next() async -> Chunk? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Chunk?, Never>) in
            pthread_mutex_lock(mutex)
            if head < chunks.count {
                let chunk = chunks[head]
                head += 1
                if head == chunks.count {
                    chunks.removeAll(keepingCapacity: true)
                    head = 0
                }
                queuedBytes -= chunk.count
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
                continuation.resume(returning: Chunk(bytes: chunk))
            } else if isFinished || isStopped {
                pthread_mutex_unlock(mutex)
                continuation.resume(returning: nil)
            } else {
                waiter = continuation
                pthread_mutex_unlock(mutex)
            }
        }
    }
}
