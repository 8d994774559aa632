import Synchronization

/// Gathers chunks handed to a `@Sendable` closure.
final class ByteCollector: Sendable {
    private let storage = Mutex<[UInt8]>([])

    func append(_ bytes: [UInt8]) { storage.withLock { $0.append(contentsOf: bytes) } }

    var bytes: [UInt8] { storage.withLock { $0 } }
}
