import Essentials
import Foundation
import HTTPTypes
import NIOCore

/// A local file as an async sequence of buffers, read 256 KiB at a time as the client takes
/// them (off the cooperative pool). With `removeAfter` the file is unlinked once opened, so it
/// disappears when the response ends or is abandoned.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String
    let removeAfter: Bool

    /// An open descriptor, closed when the last reader lets go of it.
    final class Descriptor: Sendable {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    struct Iterator: AsyncIteratorProtocol {
        let path: String
        let removeAfter: Bool
        var file: Descriptor?
        var offset: Int64 = 0
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            if finished { return nil }
            if file == nil {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                if removeAfter { unlink(path) }
                guard fd >= 0 else {
                    finished = true
                    throw APIError(.internalServerError, "export-failed", "the export could not be read back")
                }
                file = Descriptor(fd)
            }
            let descriptor = file!
            let position = offset
            let chunk = try await BlockingExecutor.shared.run { () throws -> [UInt8] in
                var buffer = [UInt8](repeating: 0, count: 256 << 10)
                let count = buffer.withUnsafeMutableBytes { pread(descriptor.fd, $0.baseAddress, $0.count, off_t(position)) }
                guard count >= 0 else { throw APIError(.internalServerError, "export-failed", "the export could not be read back") }
                return Array(buffer.prefix(count))
            }
            if chunk.isEmpty {
                finished = true
                file = nil
                return nil
            }
            offset += Int64(chunk.count)
            return ByteBuffer(bytes: chunk)
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(path: path, removeAfter: removeAfter) }
}
