import Essentials
import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func posixRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, pointer, count) }
private func posixWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, pointer, count) }
private func posixRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }

/// The POSIX file work behind the archive: copy while hashing, fsync, rename, directory sync.
///
/// Every call is blocking; run it through ``BlockingExecutor``. Every `ENOSPC`/`EDQUOT` becomes
/// ``ArchiveError/Code/diskFull``.
enum FileOperations {
    /// Size and SHA-256 of some bytes.
    struct Digest: Sendable, Equatable {
        var bytes: Int64
        var sha256: String
    }

    static func error(_ what: String, path: String, errno code: Int32) -> ArchiveError {
        let reason = String(cString: strerror(code))
        if code == ENOSPC || code == EDQUOT {
            return ArchiveError(
                .diskFull, "\(what) \(path) failed: \(reason); free space on the file system holding CALLVAULT_HOME and retry",
                errno: code)
        }
        return ArchiveError(.ioFailed, "\(what) \(path) failed: \(reason)", errno: code)
    }

    /// Hashes a file.
    static func digest(of path: String) throws -> Digest {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error("opening", path: path, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256()
        let total = try readChunks(fd, path: path) { hasher.update(bufferPointer: $0) }
        return Digest(bytes: total, sha256: Hex.encode(hasher.finalize()))
    }

    /// Reads `fd` to its end in 1 MiB chunks, handing each to `body`; returns the bytes read.
    private static func readChunks(_ fd: Int32, path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var total: Int64 = 0
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = posixRead(fd, buffer.baseAddress!, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("reading", path: path, errno: errno)
            }
            if n == 0 { return total }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += Int64(n)
        }
    }

    /// Copies `source` to a new file `destination` (which must not exist), hashing what it
    /// copies, then fsyncs the copy. On any failure the partial copy is removed.
    static func copy(from source: String, to destination: String) throws -> Digest {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw error("opening", path: source, errno: errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw error("creating", path: destination, errno: errno) }
        var closed = false
        do {
            defer { if !closed { close(output) } }
            var hasher = SHA256()
            let total = try readChunks(input, path: source) { chunk in
                hasher.update(bufferPointer: chunk)
                try writeAll(output, chunk, path: destination)
            }
            guard fsync(output) == 0 else { throw error("syncing", path: destination, errno: errno) }
            closed = true
            guard close(output) == 0 else { throw error("closing", path: destination, errno: errno) }
            return Digest(bytes: total, sha256: Hex.encode(hasher.finalize()))
        } catch {
            unlink(destination)
            throw error
        }
    }

    /// Writes `data` to a new file `destination` and fsyncs it; removes it on failure.
    static func write(_ data: Data, to destination: String) throws -> Digest {
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw error("creating", path: destination, errno: errno) }
        var closed = false
        do {
            defer { if !closed { close(output) } }
            try data.withUnsafeBytes { try writeAll(output, $0, path: destination) }
            guard fsync(output) == 0 else { throw error("syncing", path: destination, errno: errno) }
            closed = true
            guard close(output) == 0 else { throw error("closing", path: destination, errno: errno) }
        } catch {
            unlink(destination)
            throw error
        }
        return Digest(bytes: Int64(data.count), sha256: Hex.encode(SHA256.hash(data: data)))
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("writing", path: path, errno: errno)
            }
            offset += n
        }
    }

    /// Renames atomically (replacing `destination`).
    static func rename(_ source: String, to destination: String) throws {
        guard posixRename(source, destination) == 0 else {
            throw error("renaming to", path: destination, errno: errno)
        }
    }

    /// fsyncs a directory, so renames and creations in it are durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("opening directory", path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw error("syncing directory", path: path, errno: errno) }
    }

    /// Creates a directory and its missing parents, fsyncing each parent that gained an entry.
    static func makeDirectories(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw error("creating directory", path: path, errno: errno)
        }
        if !parent.isEmpty { try syncDirectory(parent) }
    }

    /// The size of a file, or `nil` when it does not exist.
    static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else { return nil }
        return Int64(info.st_size)
    }

    /// Opens a file for reading; the caller closes the descriptor.
    static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw ArchiveError(.notFound, "\(path) does not exist", errno: code) }
            throw error("opening", path: path, errno: code)
        }
        return fd
    }

    /// Reads up to `count` bytes at `offset`; fewer at the end of the file, none past it.
    static func read(_ fd: Int32, at offset: Int64, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw error("reading", path: path, errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Regular files under `root/prefix`, as paths relative to `root`, sorted.
    static func listFiles(under prefix: String, root: String) throws -> [String] {
        let base = root.hasSuffix("/") ? root + prefix : root + "/" + prefix
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            return []
        }
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw ArchiveError(.ioFailed, "cannot list \(base)")
        }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            guard lstat(base + "/" + relative, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else { continue }
            result.append(prefix.isEmpty ? relative : (prefix.hasSuffix("/") ? prefix : prefix + "/") + relative)
        }
        return result.sorted()
    }
}
