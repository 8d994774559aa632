#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import Synchronization

/// An audio file of the local archive tree, opened for one response and read in bounded chunks.
///
/// Every system call (`open`, `fstat`, `pread`) runs on a small thread pool of its own, never on
/// an event loop or the Swift cooperative pool, and never beside the workers' FFmpeg and hashing
/// (``Essentials/BlockingExecutor``), so a busy archive does not stall players. The descriptor is
/// closed by ``close()`` or, when a response is dropped before its body was written, when the
/// last reference goes away.
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
    private let descriptor: Int32
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
        try await pool.runIfActive {
            let (descriptor, identity) = try openAndMeasure(path)
            return LocalAudioFile(descriptor: descriptor, identity: identity)
        }
    }

    /// Opens `path`, reads `ranges` and closes it, all in one trip to the pool: for bodies small
    /// enough to be held whole (a player's probe, a seek's first bytes).
    /// - Returns: What was read (its size among it) and one buffer per range.
    static func read(path: String, ranges: [ByteRange]) async throws -> (identity: FileIdentity, buffers: [ByteBuffer]) {
        try await pool.runIfActive {
            let (descriptor, identity) = try openAndMeasure(path)
            let size = identity.size
            defer { _ = systemClose(descriptor) }
            var buffers: [ByteBuffer] = []
            buffers.reserveCapacity(ranges.count)
            for range in ranges where range.end <= size {
                buffers.append(try pread(descriptor, range))
            }
            return (identity, buffers)
        }
    }

    /// Reads at most ``chunkSize`` bytes of `range`, from its start.
    /// - Throws: ``LocalAudioFileError`` when the file ends early (it shrank) or cannot be read.
    func read(_ range: ByteRange) async throws -> ByteBuffer {
        let piece = ByteRange(start: range.start, end: min(range.end, range.start + Int64(Self.chunkSize)))
        let descriptor = self.descriptor
        return try await Self.pool.runIfActive { try Self.pread(descriptor, piece) }
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
        let count = Int(range.count)
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var failure: Int32 = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
            var filled = 0
            while filled < count {
                let n = systemPread(descriptor, pointer.baseAddress! + filled, count - filled, off_t(range.start) + off_t(filled))
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
        if failure != 0 { throw LocalAudioFileError(errno: failure) }
        guard buffer.readableBytes == count else { throw LocalAudioFileError(shrunk: true) }
        return buffer
    }
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func systemPread(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int {
    pread(descriptor, buffer, count, offset)
}
