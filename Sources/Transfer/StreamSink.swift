/// Hands the body of a 2xx response to a ``ChunkChannel``; keeps the start of any other
/// response's body in memory (for its error document).
final class StreamSink: ResponseBodySink {
    let channel: ChunkChannel
    let errorBodyLimit: Int
    private(set) var errorBody: [UInt8] = []
    /// Whether a push failed because the consumer stopped.
    private(set) var consumerStopped = false

    /// Where the head of the 2xx response is recorded before its first body byte is queued.
    let firstHead: StreamHead
    private var headRecorded = false

    init(channel: ChunkChannel, errorBodyLimit: Int, firstHead: StreamHead = StreamHead()) {
        self.channel = channel
        self.errorBodyLimit = errorBodyLimit
        self.firstHead = firstHead
    }

    func receive(_ bytes: UnsafeRawBufferPointer, head: ResponseHead) -> Bool {
        if (200..<300).contains(head.status) {
            if !headRecorded {
                headRecorded = true
                firstHead.record(status: head.status, headers: head.headers)
            }
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
