import NIOCore

/// A piece of a stream response's body: bytes made here (multipart headers) or a range of the file.
enum BodySegment: Sendable, Equatable {
    /// Bytes to send as they are.
    case bytes(ByteBuffer)
    /// A range of the audio file.
    case file(ByteRange)

    /// How many bytes the segment sends.
    var count: Int64 {
        switch self {
        case .bytes(let buffer): Int64(buffer.readableBytes)
        case .file(let range): range.count
        }
    }
}
