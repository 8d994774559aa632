import Crypto
import Essentials
import Transfer

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The checksums of a file and of its upload parts, computed in one streaming pass.
///
/// Memory stays bounded: the file is read in 1 MiB chunks; per part only its 32-byte SHA-256
/// and 16-byte MD5 are kept.
struct FileDigests: Sendable {
    /// One part's position and checksums.
    struct Part: Sendable {
        var offset: Int64
        var length: Int64
        var sha256: [UInt8]
        var md5: [UInt8]
    }

    /// The file's size when it was read.
    var size: Int64
    /// The SHA-256 of the whole file.
    var sha256: [UInt8]
    /// The parts, in order (one part covering the file when `partSize` ≥ size).
    var parts: [Part]

    /// Reads the file at `path` once, on the blocking executor, splitting it into parts of
    /// `partSize` bytes.
    ///
    /// - Throws: ``S3Error/Code/fileSystem``, or `CancellationError` when the task is cancelled.
    static func compute(path: String, partSize: Int64) async throws -> FileDigests {
        try await BlockingExecutor.shared.run { flag in try computeBlocking(path: path, partSize: partSize, cancellation: flag) }
    }

    static func computeBlocking(path: String, partSize: Int64, cancellation: CancellationFlag) throws -> FileDigests {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fileError("open", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fileError("fstat", path: path) }
        let size = Int64(info.st_size)
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var whole = SHA256()
        var parts: [Part] = []
        var offset: Int64 = 0
        repeat {
            let length = min(partSize, size - offset)
            var partSHA = SHA256()
            var partMD5 = Insecure.MD5()
            var done: Int64 = 0
            while done < length {
                try cancellation.check()
                let wanted = Int(min(Int64(chunk), length - done))
                let count = pread(fd, buffer.baseAddress, wanted, off_t(offset + done))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw fileError("pread", path: path)
                }
                guard count > 0 else {
                    throw S3Error(code: .fileSystem, message: "\(path) shrank while it was being read")
                }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                whole.update(bufferPointer: bytes)
                partSHA.update(bufferPointer: bytes)
                partMD5.update(bufferPointer: bytes)
                done += Int64(count)
            }
            parts.append(Part(offset: offset, length: length, sha256: Array(partSHA.finalize()), md5: Array(partMD5.finalize())))
            offset += length
        } while offset < size
        return FileDigests(size: size, sha256: Array(whole.finalize()), parts: parts)
    }

    static func fileError(_ operation: String, path: String) -> S3Error {
        let system = SystemError(operation: operation, errno: errno)
        return S3Error(code: .fileSystem, message: "\(operation) failed for \(path): \(system)", cause: system)
    }
}
