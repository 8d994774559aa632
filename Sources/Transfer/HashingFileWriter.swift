import Crypto
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a download body to a file in large, page-aligned blocks and computes its SHA-256
/// on a second thread while the transfer thread keeps receiving.
///
/// The transfer thread copies each chunk libcurl hands over into one of a few fixed buffers.
/// When a buffer is full it is queued for the hashing thread and then written to the file with
/// one `write(2)` by the transfer thread itself: the hash of block *n* runs while block *n* is
/// written and block *n + 1* is received. Both threads only read a queued buffer, and it is
/// reused only after the hashing thread has released it and the transfer thread has written it.
///
/// Why this shape (measured on loopback, see `scripts/bench/download`): SHA-256 (SHA-NI) costs
/// about half as much CPU as receiving and writing, so it belongs on another core; block writes
/// of whole buffers make ten times fewer `write` calls than writing each libcurl chunk, and
/// never write partial pages. The queue is deep (16 × 1 MiB by default) because on a busy
/// machine the hashing thread waits for a core now and then: with 4 buffers the receiving
/// thread stalled behind it and lost a third of its throughput. Memory stays bounded at
/// `bufferCount × bufferSize` whatever the download's size; at most one buffer of received bytes is not yet in the file, and
/// ``flush()`` writes it (the owner calls it before giving up on a transfer, so a resume finds
/// every received byte on disk).
///
/// `@unchecked Sendable`: all state shared with the hashing thread (`filled`, `filledHead`,
/// `free`, `isFinished`, `isDone`) is guarded by `mutex`; `hasher` belongs to the hashing thread
/// until `isDone` is set under the mutex, then to the producer; everything else belongs to the
/// producer (the one transfer thread using the writer).
final class HashingFileWriter: @unchecked Sendable {
    private let fd: Int32
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let bufferSize: Int
    private var all: [UnsafeMutableRawBufferPointer] = []
    private var free: [UnsafeMutableRawBufferPointer] = []
    private var filled: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var filledHead = 0
    private var isFinished = false
    private var isDone = false
    /// Set when the pool could not take the hashing job: hash on the producer's thread instead.
    private var isInline = false
    /// True while `init` is inside `pool.submit`.
    private var isSubmitting = false
    private var hasher: SHA256
    // Producer side.
    private var current: UnsafeMutableRawBufferPointer
    private var currentCount = 0
    private var writeError: SystemError?
    /// Bytes written to the file so far (not counting what is still buffered).
    private(set) var bytesWritten: Int64 = 0

    /// Starts a hashing job on `pool`, continuing from `initial` (e.g. a hashed prefix); bytes
    /// are written to `fd` at its current offset.
    init(fd: Int32, initial: SHA256, pool: NIOThreadPool, bufferSize: Int = 1 << 20, bufferCount: Int = 16) {
        self.fd = fd
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        pthread_cond_init(condition, nil)
        self.bufferSize = bufferSize
        hasher = initial
        for _ in 0..<max(2, bufferCount) {
            all.append(.allocate(byteCount: bufferSize, alignment: 4096))
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

    /// Takes `bytes` (copied; the caller's buffer may be reused at once). Full blocks are
    /// hashed and written as they fill.
    ///
    /// - Throws: The first failed `write(2)`; later calls fail with it too.
    func append(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        if let writeError { throw writeError }
        var remaining = bytes
        while !remaining.isEmpty {
            let count = min(remaining.count, bufferSize - currentCount)
            UnsafeMutableRawBufferPointer(rebasing: current[currentCount..<(currentCount + count)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: remaining[0..<count]))
            currentCount += count
            remaining = UnsafeRawBufferPointer(rebasing: remaining[count...])
            if currentCount == bufferSize { try writeCurrent(takeFree: true) }
        }
    }

    /// Hashes and writes whatever is buffered, so the file holds every byte appended so far.
    ///
    /// - Throws: The first failed `write(2)`.
    func flush() throws(SystemError) {
        if let writeError { throw writeError }
        if currentCount > 0 { try writeCurrent(takeFree: true) }
    }

    /// Flushes, waits for every byte to be hashed and returns the digest. Call at most once;
    /// call nothing but ``abandon()`` afterwards.
    ///
    /// - Throws: The first failed `write(2)`.
    func finalize() throws(SystemError) -> SHA256.Digest {
        if let writeError { throw writeError }
        if currentCount > 0 { try writeCurrent(takeFree: false) }
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

    /// Queues the current buffer for hashing, writes it to the file meanwhile, then takes a
    /// free buffer (waiting for the hashing thread if none) unless `takeFree` is false.
    private func writeCurrent(takeFree: Bool) throws(SystemError) {
        let block = UnsafeRawBufferPointer(rebasing: current[0..<currentCount])
        if isInline {
            hasher.update(bufferPointer: block)
        } else {
            pthread_mutex_lock(mutex)
            filled.append((current, currentCount))
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        let result = Self.writeAll(fd, block)
        if !isInline && takeFree {
            pthread_mutex_lock(mutex)
            while free.isEmpty { pthread_cond_wait(condition, mutex) }
            current = free.removeLast()
            pthread_mutex_unlock(mutex)
        }
        currentCount = 0
        if let result {
            writeError = result
            throw result
        }
        bytesWritten += Int64(block.count)
    }

    /// Writes all of `bytes` to `fd`, retrying after `EINTR` and short writes.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> SystemError? {
        var remaining = bytes
        while !remaining.isEmpty {
            let count = write(fd, remaining.baseAddress, remaining.count)
            if count < 0 {
                if errno == EINTR { continue }
                return SystemError(operation: "write", errno: errno)
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[count...])
        }
        return nil
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
