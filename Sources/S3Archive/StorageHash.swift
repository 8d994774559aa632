import Archive
import Crypto
import Synchronization

/// The SHA-256 of an object, by reading it in chunks.
enum StorageHash {
    static func read(key: String, from storage: any ArchiveStorage) async throws -> String {
        let hasher = Mutex(SHA256())
        try await storage.read(key: key, range: nil) { chunk in hasher.withLock { $0.update(data: chunk) } }
        return hasher.withLock { $0.finalize() }.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }
}
