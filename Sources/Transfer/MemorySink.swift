/// Collects a response body in memory, refusing to grow beyond a limit.
final class MemorySink: ResponseBodySink {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    /// Whether the body was larger than ``limit`` (the transfer was aborted).
    private(set) var exceeded = false

    init(limit: Int) { self.limit = limit }

    func receive(_ chunk: UnsafeRawBufferPointer, head: ResponseHead) -> Bool {
        guard bytes.count + chunk.count <= limit else {
            exceeded = true
            return false
        }
        bytes.append(contentsOf: chunk)
        return true
    }
}
