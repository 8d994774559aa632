import Archive
import NIOCore

/// A file in the archive storage (or a range of it) as an async sequence of buffers, read one
/// bounded chunk at a time as the client takes them.
struct StorageChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let storage: any ArchiveStorage
    let key: String
    let range: ClosedRange<Int64>?

    func makeAsyncIterator() -> AsyncThrowingStream<ByteBuffer, any Error>.Iterator {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingOldest(2))
        let task = Task { [storage, key, range] in
            do {
                try await storage.read(key: key, range: range) { chunk in
                    while case .dropped = continuation.yield(ByteBuffer(bytes: chunk)) {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream.makeAsyncIterator()
    }
}
