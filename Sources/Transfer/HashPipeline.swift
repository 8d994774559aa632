import Crypto
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Computes a SHA-256 on a second thread while the transfer thread keeps receiving.
///
/// Hashing costs about as much CPU as receiving over a fast link, so doing both on the
/// transfer thread halves throughput. The transfer thread copies each body chunk into one
/// of a few fixed buffers and hands full buffers to a hashing thread; when every buffer is
/// in use it waits, so memory stays bounded at `bufferCount × bufferSize` whatever the
/// download's size.
///
/// `@unchecked Sendable`: all shared state (`filled`, `free`, `isFinished`, `isDone`) is
/// guarded by `mutex`; `hasher` is owned by the hashing thread until `isDone` is set under
/// the mutex, after which only the producer reads it; `current` belongs to the producer.
final class HashPipeline: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let bufferSize: Int
    private var all: [UnsafeMutableRawBufferPointer] = []
    private var free: [UnsafeMutableRawBufferPointer] = []
    private var filled: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var filledHead = 0
    private var isFinished = false
    private var isDone = false
    /// Set when the pool could not take the hashing job: hash on the caller's thread instead.
    private var isInline = false
    /// True while `init` is inside `pool.submit`.
    private var isSubmitting = false
    private var hasher: SHA256
    // Producer side.
    private var current: UnsafeMutableRawBufferPointer
    private var currentCount = 0

    /// Starts a hashing job on `pool`, continuing from `initial` (e.g. a hashed prefix).
    init(initial: SHA256, pool: NIOThreadPool, bufferSize: Int = 512 * 1024, bufferCount: Int = 4) {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        pthread_cond_init(condition, nil)
        self.bufferSize = bufferSize
        hasher = initial
        for _ in 0..<max(2, bufferCount) {
            all.append(.allocate(byteCount: bufferSize, alignment: 64))
        }
        current = all[0]
        free = Array(all.dropFirst())
        isSubmitting = true
        pool.submit { [self] state in
            if state == .active {
                self.consume()
                return
            }
            // Not run by the pool. Called synchronously from `submit` when the pool is not
            // running: hash on the producer's thread instead. Called later (the pool shut
            // down before starting the job): consume on this thread.
            pthread_mutex_lock(self.mutex)
            let synchronous = self.isSubmitting
            if synchronous {
                self.isInline = true
                self.isDone = true
            }
            pthread_mutex_unlock(self.mutex)
            if !synchronous { self.consume() }
        }
        pthread_mutex_lock(mutex)
        isSubmitting = false
        pthread_mutex_unlock(mutex)
    }

    deinit {
        for buffer in all { buffer.deallocate() }
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Adds bytes to the hash (copied; the caller's buffer may be reused at once).
    func update(_ bytes: UnsafeRawBufferPointer) {
        if isInline {
            hasher.update(bufferPointer: bytes)
            return
        }
        var remaining = bytes
        while !remaining.isEmpty {
            let count = min(remaining.count, bufferSize - currentCount)
            UnsafeMutableRawBufferPointer(rebasing: current[currentCount..<(currentCount + count)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: remaining[0..<count]))
            currentCount += count
            remaining = UnsafeRawBufferPointer(rebasing: remaining[count...])
            if currentCount == bufferSize { handOver() }
        }
    }

    /// Waits for every byte to be hashed and returns the digest. Call at most once.
    func finalize() -> SHA256.Digest {
        if currentCount > 0 && !isInline { handOver(waitForFree: false) }
        waitUntilDone()
        return hasher.finalize()
    }

    /// Stops the hashing job without a result (what was queued is hashed and dropped).
    /// Safe to call more than once and after ``finalize()``.
    func abandon() {
        waitUntilDone()
    }

    private func waitUntilDone() {
        pthread_mutex_lock(mutex)
        isFinished = true
        pthread_cond_broadcast(condition)
        while !isDone { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Queues the current buffer for hashing and takes a free one (waiting if none).
    private func handOver(waitForFree: Bool = true) {
        pthread_mutex_lock(mutex)
        filled.append((current, currentCount))
        pthread_cond_broadcast(condition)
        if waitForFree {
            while free.isEmpty { pthread_cond_wait(condition, mutex) }
            current = free.removeLast()
        }
        pthread_mutex_unlock(mutex)
        currentCount = 0
    }

    /// The hashing thread's loop.
    private func consume() {
        pthread_mutex_lock(mutex)
        while true {
            while filledHead == filled.count && !isFinished { pthread_cond_wait(condition, mutex) }
            if filledHead == filled.count {
                isDone = true
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
                return
            }
            let (buffer, count) = filled[filledHead]
            filledHead += 1
            if filledHead == filled.count {
                filled.removeAll(keepingCapacity: true)
                filledHead = 0
            }
            pthread_mutex_unlock(mutex)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            pthread_mutex_lock(mutex)
            free.append(buffer)
            pthread_cond_broadcast(condition)
        }
    }
}
