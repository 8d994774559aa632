/// Hands the body of a 2xx response to a ``ChunkChannel``; keeps the start of any other
/// response's body in memory (for its error document).
final class StreamSink: ResponseBodySink {
    let channel: ChunkChannel
    let errorBodyLimit: Int
    private(set) var errorBody: [UInt8] = []
    /// Whether a push failed because the consumer stopped.
    private(set) var consumerStopped = false

    init(channel: ChunkChannel, errorBodyLimit: Int) {
        self.channel = channel
        self.errorBodyLimit = errorBodyLimit
    }

    func receive(_ bytes: UnsafeRawBufferPointer, head: ResponseHead) -> Bool {
        if (200..<300).contains(head.status) {
            guard channel.push(bytes) else {
                consumerStopped = true
                return false
            }
            return true
        }
        let room = errorBodyLimit - errorBody.count
        if room > 0 { errorBody.append(contentsOf: bytes.prefix(room)) }
        return true
    }
}
