import Essentials
import Foundation

/// The archive on this machine's file system, rooted at `CALLVAULT_HOME`.
///
/// A file reaches its key by `rename(2)` from `tmp/` (the same file system) after it was
/// fsynced, and the folder is fsynced after the rename, so `recordings/` never holds a partial
/// file and a finished one survives a crash. Every blocking call runs on ``BlockingExecutor``.
public struct LocalArchiveStorage: ArchiveStorage {
    /// The root every key is relative to (`CALLVAULT_HOME`).
    public let root: String

    /// Storage rooted at `root`.
    public init(root: String) {
        self.root = root
    }

    public var location: String { root }

    /// The absolute path of a key.
    public func path(of key: String) -> String {
        root.hasSuffix("/") ? root + key : root + "/" + key
    }

    public func localPath(of key: String) -> String? { path(of: key) }

    public func put(localFile source: String, key: String, sha256: String) async throws {
        let destination = path(of: key)
        try await BlockingExecutor.shared.run {
            let folder = (destination as NSString).deletingLastPathComponent
            try FileOperations.makeDirectories(folder)
            try FileOperations.rename(source, to: destination)
            try FileOperations.syncDirectory(folder)
        }
    }

    public func put(data: [UInt8], key: String) async throws {
        let destination = path(of: key)
        let folder = (destination as NSString).deletingLastPathComponent
        try await BlockingExecutor.shared.run {
            try FileOperations.makeDirectories(folder)
            let temporary = folder + "/.\((destination as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
            _ = try FileOperations.write(Data(data), to: temporary)
            do {
                try FileOperations.rename(temporary, to: destination)
            } catch {
                unlink(temporary)
                throw error
            }
            try FileOperations.syncDirectory(folder)
        }
    }

    public func size(of key: String) async throws -> Int64? {
        let path = path(of: key)
        return try await BlockingExecutor.shared.run { FileOperations.size(of: path) }
    }

    public func read(key: String, range: ClosedRange<Int64>?, chunk: @Sendable ([UInt8]) async throws -> Void) async throws {
        let path = path(of: key)
        let file = try await BlockingExecutor.shared.run { try FileOperations.openForReading(path) }
        defer { close(file) }
        var offset = range?.lowerBound ?? 0
        let end = range.map { $0.upperBound + 1 }
        let size = 1 << 20
        while end.map({ offset < $0 }) ?? true {
            let want = end.map { Int(min(Int64(size), $0 - offset)) } ?? size
            let (bytes, position) = (offset, want)
            let piece = try await BlockingExecutor.shared.run { try FileOperations.read(file, at: bytes, count: position, path: path) }
            if piece.isEmpty { break }
            offset += Int64(piece.count)
            try await chunk(piece)
        }
    }

    public func list(prefix: String) async throws -> [String] {
        let root = self.root
        return try await BlockingExecutor.shared.run { try FileOperations.listFiles(under: prefix, root: root) }
    }

    public func delete(key: String) async throws {
        let path = path(of: key)
        try await BlockingExecutor.shared.run {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw FileOperations.error("removing", path: path, errno: errno)
            }
        }
    }
}
