/// Where the archive's files live, addressed by keys that are the layout's relative paths
/// (`recordings/2025/01/06/20250106T103000Z_recording_1662272004.mp3`).
///
/// A key appears completely or not at all: a local tree gets it by fsync and rename, an object
/// store by a finished upload. The local file system (``LocalArchiveStorage``) is the embedded
/// default; an S3-compatible object store serves a fleet. The pipeline never sees the difference.
public protocol ArchiveStorage: Sendable {
    /// Where the files are, for people (`/srv/callvault`, `s3://bucket/prefix`); never a secret.
    var location: String { get }

    /// Puts a finished local file (already fsynced) under `key`, replacing what was there, and
    /// consumes the local file.
    /// - Parameter sha256: The file's SHA-256 (lowercase hex), for stores that verify uploads.
    /// - Throws: ``ArchiveError`` (`.diskFull`, `.ioFailed`, …).
    func put(localFile path: String, key: String, sha256: String) async throws

    /// Writes `data` under `key` atomically, replacing what was there.
    func put(data: [UInt8], key: String) async throws

    /// The size of the file under `key`, or `nil` when there is none.
    func size(of key: String) async throws -> Int64?

    /// Reads the file under `key` (or the bytes in `range`), handing it to `chunk` in bounded
    /// pieces, in order.
    /// - Throws: ``ArchiveError`` `.notFound` when there is no such file.
    func read(key: String, range: ClosedRange<Int64>?, chunk: @Sendable ([UInt8]) async throws -> Void) async throws

    /// Every key under `prefix`, sorted.
    func list(prefix: String) async throws -> [String]

    /// Removes the file under `key`; nothing happens when there is none.
    func delete(key: String) async throws

    /// A path on this machine's file system holding the key's bytes, when the storage is local
    /// (servers stream such files directly); `nil` for remote stores.
    func localPath(of key: String) -> String?

    /// The SHA-256 (lowercase hex) of the file under `key`, or `nil` when there is none. Stores
    /// that keep a verified checksum with each object answer without reading it; the default
    /// reads the whole file.
    func sha256(of key: String) async throws -> String?

    /// A URL anyone may `GET` the key's bytes from (with `Range`) for `seconds`, for stores that
    /// can hand out such links (a presigned S3 URL); `nil` for the local tree.
    /// - Throws: ``ArchiveError`` `.invalidArgument` for a key or lifetime the store refuses.
    func temporaryURL(of key: String, validFor seconds: Int) throws -> String?
}

extension ArchiveStorage {
    /// The whole file under `key`, for small files such as sidecars.
    public func readAll(key: String) async throws -> [UInt8] {
        let collected = ByteCollector()
        try await read(key: key, range: nil) { bytes in collected.append(bytes) }
        return collected.bytes
    }

    /// Reads the whole file and hashes it; `nil` when there is none.
    public func sha256(of key: String) async throws -> String? {
        do {
            return try await StorageDigest.of(key: key, in: self).sha256
        } catch let error as ArchiveError where error.code == .notFound {
            return nil
        }
    }

    /// No temporary links: the local tree is served by the server itself.
    public func temporaryURL(of key: String, validFor seconds: Int) throws -> String? { nil }
}
