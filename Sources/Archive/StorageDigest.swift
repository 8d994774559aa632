import Essentials
import Crypto
import Synchronization

/// Size and SHA-256 of a file in an ``ArchiveStorage``, read in bounded chunks.
enum StorageDigest {
    static func of(key: String, in storage: any ArchiveStorage) async throws -> FileOperations.Digest {
        let state = Mutex((hasher: SHA256(), bytes: Int64(0)))
        try await storage.read(key: key, range: nil) { chunk in
            state.withLock {
                $0.hasher.update(data: chunk)
                $0.bytes += Int64(chunk.count)
            }
        }
        return state.withLock { FileOperations.Digest(bytes: $0.bytes, sha256: Hex.encode($0.hasher.finalize())) }
    }
}
