#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds a request body to libcurl from a byte range of a file (`CURLOPT_READFUNCTION`).
///
/// Opened on the transfer thread for one transfer and used only there; reads with `pread`, so
/// the position is this object's own and rewinding (`CURLOPT_SEEKFUNCTION`) is exact.
final class FileUploadSource {
    let path: String
    private let fd: Int32
    /// The file offset of the body's first byte.
    let start: Int64
    /// The body's length in bytes.
    let length: Int64
    /// The next body position to send (0-based within the body).
    private var position: Int64 = 0
    /// The failure that made a read abort the transfer, if any.
    private(set) var error: TransferError?

    /// Opens `body.path` and checks that it holds the requested range.
    init(_ body: HTTPFileBody, url: String) throws(TransferError) {
        path = body.path
        fd = open(body.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let system = SystemError(operation: "open", errno: errno)
            throw TransferError(code: .fileSystem, message: "cannot open \(body.path): \(system)", url: url, cause: system)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let system = SystemError(operation: "fstat", errno: errno)
            close(fd)
            throw TransferError(code: .fileSystem, message: "cannot stat \(body.path): \(system)", url: url, cause: system)
        }
        let size = Int64(info.st_size)
        let length = body.length ?? (size - body.offset)
        guard body.offset >= 0, length >= 0, body.offset + length <= size else {
            close(fd)
            throw TransferError(
                code: .invalidRequest,
                message: "\(body.path) has \(size) bytes, fewer than the \(length) requested from offset \(body.offset)",
                url: url
            )
        }
        start = body.offset
        self.length = length
    }

    deinit { close(fd) }

    /// Copies up to `capacity` next body bytes into `buffer`; returns 0 at the end and `nil`
    /// after a read failure (recorded in ``error``).
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int? {
        let wanted = Int(min(Int64(capacity), length - position))
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(fd, buffer, wanted, off_t(start + position))
            if count < 0 {
                if errno == EINTR { continue }
                let system = SystemError(operation: "pread", errno: errno)
                error = TransferError(code: .fileSystem, message: "cannot read \(path): \(system)", cause: system)
                return nil
            }
            if count == 0 {
                error = TransferError(code: .fileSystem, message: "\(path) shrank while it was being sent")
                return nil
            }
            position += Int64(count)
            return count
        }
    }

    /// Moves to `offset` within the body (libcurl rewinds to resend); `false` when out of range.
    func seek(to offset: Int64) -> Bool {
        guard offset >= 0, offset <= length else { return false }
        position = offset
        return true
    }
}
