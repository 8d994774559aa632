import Dispatch
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TestSupport
import Testing

@testable import Server

#if canImport(Glibc)
import Glibc
#endif

/// How the server reads archived audio without waiting for the disk on the cooperative pool, and
/// how a streamed body is kept close to its connection.
@Suite("Stream: reads and pacing")
struct StreamReadTests {
    init() {
        // The reads count themselves in counters made once per process: install the server's
        // metrics backend before they are made, as `serve` does, or other suites' metrics are lost.
        _ = MetricsController.sharedRegistry
    }

    /// A file of `count` bytes (0, 1, …, 250, 0, …) in a fresh directory.
    static func file(_ count: Int) throws -> (TemporaryDirectory, String, [UInt8]) {
        let directory = try TemporaryDirectory("callvault-read")
        let bytes = (0..<count).map { UInt8($0 % 251) }
        let path = directory.path("audio.mp3")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (directory, path, bytes)
    }

    #if os(Linux)
    /// Drops the file's pages from the page cache (they are clean once synced).
    static func evict(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        #expect(fsync(descriptor) == 0)
        #expect(posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED)) == 0)
    }

    @Test func cachedPagesAreReadInTheTaskAndColdPagesOnThePool() async throws {
        let (directory, path, bytes) = try Self.file(300_000)
        defer { directory.remove() }
        let ranges = [ByteRange(start: 4_096, end: 5_120), ByteRange(start: 250_000, end: 300_000)]
        let expected = ranges.map { Array(bytes[Int($0.start)..<Int($0.end)]) }

        // Just written: every page is in memory, and the reads are the file's bytes.
        let warm = try #require(LocalAudioFile.readWithoutWaiting(path: path, ranges: ranges))
        #expect(warm.buffers.map { Array($0.readableBytesView) } == expected)
        #expect(warm.identity.size == 300_000)

        // Evicted: the read would wait for the disk, so it is not done here ...
        try Self.evict(path)
        #expect(LocalAudioFile.readWithoutWaiting(path: path, ranges: ranges) == nil)
        // ... and the server's read still answers the same bytes, from the pool.
        let cold = try await LocalAudioFile.read(path: path, ranges: ranges)
        #expect(cold.buffers.map { Array($0.readableBytesView) } == expected)
        #expect(cold.identity == warm.identity)
    }

    @Test func chunkedReadsFallBackToThePoolForColdPages() async throws {
        let (directory, path, bytes) = try Self.file(200_000)
        defer { directory.remove() }
        let file = try await LocalAudioFile.open(path: path)
        defer { file.close() }
        try Self.evict(path)
        var range = ByteRange(start: 0, end: 200_000)
        var read: [UInt8] = []
        while range.count > 0 {
            let buffer = try await file.read(range)
            #expect(buffer.readableBytes <= LocalAudioFile.chunkSize)
            range.start += Int64(buffer.readableBytes)
            read += Array(buffer.readableBytesView)
        }
        #expect(read == bytes)
    }
    #endif

    @Test func aMissingOrErasedFileIsLeftToThePoolWhichReportsIt() async throws {
        let (directory, path, _) = try Self.file(10_000)
        defer { directory.remove() }
        try FileManager.default.removeItem(atPath: path)
        #expect(LocalAudioFile.readWithoutWaiting(path: path, ranges: [ByteRange(start: 0, end: 10)]) == nil)
        await #expect(throws: LocalAudioFileError.self) {
            _ = try await LocalAudioFile.read(path: path, ranges: [ByteRange(start: 0, end: 10)])
        }
    }

    @Test func aFileShorterThanTheRangeIsLeftToThePoolWhichReportsIt() async throws {
        let (directory, path, _) = try Self.file(10_000)
        defer { directory.remove() }
        let file = try await LocalAudioFile.open(path: path)
        defer { file.close() }
        #expect(truncate(path, 5_000) == 0)
        let range = ByteRange(start: 4_000, end: 10_000)
        #expect(LocalAudioFile.preadWithoutWaiting(file.descriptor, range) == nil)
        await #expect(throws: LocalAudioFileError.self) { _ = try await file.read(range) }
    }

    @Test func theSecondWindowWaitsUntilTheLoopRanTheFirstMarker() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        // The loop is busy (held) until the test lets it go.
        let hold = DispatchSemaphore(value: 0)
        loop.execute { hold.wait() }
        let released = Atomic<Bool>(false)
        let returns = Mutex<[Bool]>([])
        var first = StreamPacer(eventLoop: loop)
        // Bytes below a window never wait; the first window has no marker before it.
        try await first.handedOver(StreamPacer.window - 1)
        try await first.handedOver(1)
        let pacer = first
        let second = Task {
            var pacer = pacer
            try await pacer.handedOver(StreamPacer.window)
            returns.withLock { $0.append(released.load(ordering: .acquiring)) }
        }
        // Give the task every chance to return early: it must not while the loop is held.
        for _ in 0..<500 { await Task.yield() }
        #expect(returns.withLock { $0 }.isEmpty)
        released.store(true, ordering: .releasing)
        hold.signal()
        try await second.value
        #expect(returns.withLock { $0 } == [true])
        try await group.shutdownGracefully()
    }
}
