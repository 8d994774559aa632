#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CFileSystem
import NIOCore
import NIOPosix
import Synchronization

/// An audio file of the local archive tree, opened for one response and read in bounded chunks.
///
/// No call that may wait for the disk runs on an event loop or the Swift cooperative pool. Each
/// open and read is first tried in the calling task with calls that cannot wait: `openat2` with
/// `RESOLVE_CACHED` (the path's lookup only from the kernel's dentry cache), `fstat` on the
/// descriptor, and `preadv2` with `RWF_NOWAIT` (only bytes already in the page cache). When one of
/// them would need the disk (`EAGAIN`), or the kernel lacks it, the same work is done on a small
/// thread pool of the server's own, never beside the workers' FFmpeg and hashing
/// (``Essentials/BlockingExecutor``), so a busy archive does not stall players. The answer is the
/// same either way; only a recording players are listening to (its pages cached) skips the two
/// thread hand-offs. The descriptor is closed by ``close()`` or, when a response is dropped
/// before its body was written, when the last reference goes away.
final class LocalAudioFile: Sendable {
    /// The pool the file system calls run on.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
        pool.start()
        return pool
    }()

    /// The most bytes one read hands over: bounds the memory of a stream, whatever the file's size.
    static let chunkSize = 64 * 1024

    /// The descriptor.
    let descriptor: Int32
    /// What the descriptor was opened on.
    let identity: FileIdentity
    private let isClosed = Atomic<Bool>(false)

    private init(descriptor: Int32, identity: FileIdentity) {
        self.descriptor = descriptor
        self.identity = identity
    }

    /// The file's size when it was opened.
    var size: Int64 { identity.size }

    deinit { close() }

    /// Closes the descriptor (once).
    func close() {
        if !isClosed.exchange(true, ordering: .acquiringAndReleasing) {
            _ = systemClose(descriptor)
        }
    }

    /// Opens `path` for reading.
    /// - Throws: ``LocalAudioFileError``.
    static func open(path: String) async throws -> LocalAudioFile {
        if let (descriptor, identity) = openWithoutWaiting(path) {
            return LocalAudioFile(descriptor: descriptor, identity: identity)
        }
        return try await pool.runIfActive {
            let (descriptor, identity) = try openAndMeasure(path)
            return LocalAudioFile(descriptor: descriptor, identity: identity)
        }
    }

    /// Opens `path`, reads `ranges` and closes it, all in one trip to the pool: for bodies small
    /// enough to be held whole (a player's probe, a seek's first bytes).
    /// - Returns: What was read (its size among it) and one buffer per range.
    static func read(path: String, ranges: [ByteRange]) async throws -> (identity: FileIdentity, buffers: [ByteBuffer]) {
        if let read = readWithoutWaiting(path: path, ranges: ranges) { return read }
        return try await pool.runIfActive {
            let (descriptor, identity) = try openAndMeasure(path)
            defer { _ = systemClose(descriptor) }
            return (identity, try buffers(of: ranges, size: identity.size) { try pread(descriptor, $0) } ?? [])
        }
    }

    /// Reads at most ``chunkSize`` bytes of `range`, from its start.
    /// - Throws: ``LocalAudioFileError`` when the file ends early (it shrank) or cannot be read.
    func read(_ range: ByteRange) async throws -> ByteBuffer {
        let piece = ByteRange(start: range.start, end: min(range.end, range.start + Int64(Self.chunkSize)))
        let descriptor = self.descriptor
        if let buffer = Self.preadWithoutWaiting(descriptor, piece) { return buffer }
        return try await Self.pool.runIfActive { try Self.pread(descriptor, piece) }
    }

    // MARK: - Without waiting for the disk

    /// ``read(path:ranges:)`` from what the kernel holds in memory, or `nil` when any step would
    /// wait for the disk or fails (the pool then does it again and reports the failure).
    static func readWithoutWaiting(path: String, ranges: [ByteRange]) -> (identity: FileIdentity, buffers: [ByteBuffer])? {
        guard let (descriptor, identity) = openWithoutWaiting(path) else { return nil }
        defer { _ = systemClose(descriptor) }
        return buffers(of: ranges, size: identity.size) { preadWithoutWaiting(descriptor, $0) }.map { (identity, $0) }
    }

    /// One buffer per range that ends within `size` (a file that shrank below the others is the
    /// caller's to judge), or `nil` as soon as `read` gives none.
    private static func buffers(
        of ranges: [ByteRange], size: Int64, _ read: (ByteRange) throws -> ByteBuffer?
    ) rethrows -> [ByteBuffer]? {
        var buffers: [ByteBuffer] = []
        buffers.reserveCapacity(ranges.count)
        for range in ranges where range.end <= size {
            guard let buffer = try read(range) else { return nil }
            buffers.append(buffer)
        }
        return buffers
    }

    /// Opens and measures `path` when its lookup is cached and it still has a name, else `nil`.
    ///
    /// A file that was unlinked after the lookup (erased, or renamed over) is left to the pool:
    /// closing its last descriptor frees its blocks, which may wait for the disk.
    static func openWithoutWaiting(_ path: String) -> (Int32, FileIdentity)? {
        let descriptor = cv_open_cached(path)
        guard descriptor >= 0 else {
            StreamMetrics.read(withoutWaiting: false)
            return nil
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_nlink > 0 else {
            pool.submit { _ in _ = systemClose(descriptor) }
            StreamMetrics.read(withoutWaiting: false)
            return nil
        }
        return (descriptor, FileIdentity(status))
    }

    /// All of `range` from the page cache, or `nil` when part of it is not cached (or the file
    /// ends before it, or the read fails: the pool's read reports that).
    static func preadWithoutWaiting(_ descriptor: Int32, _ range: ByteRange) -> ByteBuffer? {
        let (buffer, failure) = fill(range, from: descriptor, with: cv_pread_nowait)
        let complete = failure == 0 && buffer.readableBytes == Int(range.count)
        StreamMetrics.read(withoutWaiting: complete)
        return complete ? buffer : nil
    }

    private static func openAndMeasure(_ path: String) throws -> (Int32, FileIdentity) {
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LocalAudioFileError(errno: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            _ = systemClose(descriptor)
            throw LocalAudioFileError(errno: code)
        }
        return (descriptor, FileIdentity(status))
    }

    private static func pread(_ descriptor: Int32, _ range: ByteRange) throws -> ByteBuffer {
        let (buffer, failure) = fill(range, from: descriptor, with: systemPread)
        if failure != 0 { throw LocalAudioFileError(errno: failure) }
        guard buffer.readableBytes == Int(range.count) else { throw LocalAudioFileError(shrunk: true) }
        return buffer
    }

    /// Reads `range` with `call` (a `pread`-like call) until it is full, the file ends, or a call
    /// fails (interrupted calls are repeated): what was read, and the failing `errno` or 0.
    private static func fill(
        _ range: ByteRange, from descriptor: Int32, with call: (Int32, UnsafeMutableRawPointer, Int, off_t) -> Int
    ) -> (ByteBuffer, failure: Int32) {
        let count = Int(range.count)
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var failure: Int32 = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
            var filled = 0
            while filled < count {
                let n = call(descriptor, pointer.baseAddress! + filled, count - filled, off_t(range.start) + off_t(filled))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                filled += n
            }
            return filled
        }
        return (buffer, failure)
    }
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func systemPread(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int {
    pread(descriptor, buffer, count, offset)
}
