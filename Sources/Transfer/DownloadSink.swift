import Essentials
import Crypto
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a download body straight into a file while hashing it, deciding from the
/// response head whether the body continues the partial file or replaces it.
///
/// Memory stays bounded: chunks go through a ``HashingFileWriter``, which writes them in
/// large blocks and hashes them on a second thread. Non-2xx bodies never touch the file;
/// their start is kept in memory for diagnostics.
final class DownloadSink: ResponseBodySink {
    enum Mode {
        /// No body byte seen yet for the final response.
        case undecided
        /// Body bytes go to the file.
        case writing
        /// A non-2xx answer: the body is captured (bounded) and the file left alone.
        case capturingError
        /// A 206 that does not start where the file ends: the transfer is aborted so the
        /// caller can restart from zero.
        case restartRequired
    }

    static let errorBodyLimit = 64 * 1024
    static let progressInterval: Int64 = 256 * 1024

    let path: String
    /// The byte offset requested with `Range: bytes=N-`, or 0 when no range was asked.
    let resumeOffset: Int64
    private let fd: Int32
    /// Whether this sink created the file (it did not exist before).
    private let createdFile: Bool
    private let progress: (@Sendable (DownloadProgress) -> Void)?
    private var writer: HashingFileWriter
    private let hashPool: NIOThreadPool
    private var digest: SHA256.Digest?
    private(set) var mode = Mode.undecided
    private(set) var bytesWritten: Int64 = 0
    private(set) var fileSize: Int64
    private(set) var restarted = false
    private(set) var errorBody: [UInt8] = []
    private(set) var writeError: SystemError?
    private(set) var expectedSize: Int64?
    private var lastReported: Int64 = 0
    private var lastReportTime = ContinuousClock.now
    private static let progressPeriod = Duration.milliseconds(200)
    private var lastFlushTime = ContinuousClock.now
    /// The longest received bytes wait in the writer's buffer before they are written.
    private static let flushPeriod = Duration.milliseconds(200)

    /// Opens (creating if needed) the file at `path`. When `resume` is true and the file
    /// has content, its bytes are hashed first and the transfer must continue from its end.
    init(
        path: String,
        resume: Bool,
        hashPool: NIOThreadPool,
        progress: (@Sendable (DownloadProgress) -> Void)?
    ) throws(TransferError) {
        var created = true
        var fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST {
            created = false
            fd = open(path, O_RDWR | O_CLOEXEC)
        }
        guard fd >= 0 else { throw Self.fileError("open", path: path) }
        var existing: Int64 = 0
        var hasher = SHA256()
        if resume {
            do throws(TransferError) {
                var info = stat()
                guard fstat(fd, &info) == 0 else { throw Self.fileError("fstat", path: path) }
                existing = Int64(info.st_size)
                if existing > 0 { try Self.hashPrefix(of: fd, length: existing, path: path, into: &hasher) }
            } catch {
                close(fd)  // self is not initialised yet, so deinit will not run
                throw error
            }
        }
        self.path = path
        self.progress = progress
        self.fd = fd
        self.createdFile = created
        self.hashPool = hashPool
        self.writer = HashingFileWriter(fd: fd, initial: hasher, pool: hashPool)
        self.resumeOffset = existing
        self.fileSize = existing
    }

    deinit {
        // A transfer that failed or was cancelled keeps every received byte for a resume.
        if mode == .writing && digest == nil { try? writer.flush() }
        writer.abandon()
        close(fd)
    }

    /// Feeds the first `length` bytes of the file to `hasher`.
    private static func hashPrefix(of fd: Int32, length: Int64, path: String, into hasher: inout SHA256) throws(TransferError) {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < length {
            let wanted = Int(min(Int64(chunk), length - offset))
            let count = pread(fd, buffer.baseAddress, wanted, off_t(offset))
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.fileError("pread", path: path)
            }
            if count == 0 {
                throw TransferError(code: .fileSystem, message: "file \(path) shrank while its prefix was being hashed")
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += Int64(count)
        }
    }

    func receive(_ bytes: UnsafeRawBufferPointer, head: ResponseHead) -> Bool {
        if mode == .undecided { decide(head) }
        switch mode {
        case .writing:
            return append(bytes)
        case .capturingError:
            let room = Self.errorBodyLimit - errorBody.count
            if room > 0 { errorBody.append(contentsOf: bytes.prefix(room)) }
            return true
        case .restartRequired, .undecided:
            return false
        }
    }

    /// Chooses what to do with the body of the final response `head`.
    func decide(_ head: ResponseHead) {
        guard mode == .undecided else { return }
        let contentLength = head.headers["Content-Length"].flatMap { Int64($0.trimmingSpaces()) }
        switch head.status {
        case 206:
            let range = head.headers["Content-Range"].flatMap(ContentRange.init)
            guard let range, let first = range.first, first == resumeOffset else {
                mode = .restartRequired
                return
            }
            if lseek(fd, off_t(resumeOffset), SEEK_SET) < 0 {
                writeError = SystemError(operation: "lseek", errno: errno)
                mode = .restartRequired
                return
            }
            if let error = truncate(to: resumeOffset) {
                writeError = error
                mode = .restartRequired
                return
            }
            expectedSize = range.total
            mode = .writing
        case 200..<300:
            if let error = truncate(to: 0) ?? (lseek(fd, 0, SEEK_SET) < 0 ? SystemError(operation: "lseek", errno: errno) : nil) {
                writeError = error
                mode = .capturingError
                return
            }
            if resumeOffset > 0 { restarted = true }
            writer.abandon()
            writer = HashingFileWriter(fd: fd, initial: SHA256(), pool: hashPool)
            fileSize = 0
            expectedSize = contentLength
            mode = .writing
        default:
            mode = .capturingError
        }
    }

    /// Empties the file down to `size` bytes, unless it has no more than that already.
    ///
    /// Truncating is skipped when it would change nothing: on ext4, truncating a file to zero
    /// bytes marks it for "replace via truncate", which makes `close` start writeback of the whole
    /// new content on the transfer thread (measured: about a tenth of a 200 MB download's CPU).
    private func truncate(to size: Int64) -> SystemError? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return SystemError(operation: "fstat", errno: errno) }
        guard Int64(info.st_size) > size else { return nil }
        return ftruncate(fd, off_t(size)) == 0 ? nil : SystemError(operation: "ftruncate", errno: errno)
    }

    private func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let now = ContinuousClock.now
        do {
            try writer.append(bytes)
            // A slow transfer fills blocks slowly: put what arrived on disk at least every
            // `flushPeriod`, so progress reports and a resume after a crash stay current.
            if now - lastFlushTime >= Self.flushPeriod {
                lastFlushTime = now
                try writer.flush()
            }
        } catch {
            writeError = error
            return false
        }
        bytesWritten += Int64(bytes.count)
        fileSize += Int64(bytes.count)
        if let progress {
            let onDisk = fileSize - bytesWritten + writer.bytesWritten
            if onDisk - lastReported >= Self.progressInterval || now - lastReportTime >= Self.progressPeriod {
                lastReported = onDisk
                lastReportTime = now
                progress(DownloadProgress(bytesOnDisk: onDisk, expectedSize: expectedSize))
            }
        }
        return true
    }

    /// Completes a transfer whose final response had no body bytes, syncs the file if asked,
    /// sends a final progress report and returns the hex SHA-256 of the whole file.
    func finish(head: ResponseHead, sync: Bool) throws(TransferError) -> String {
        if mode == .undecided { decide(head) }
        if let writeError {
            throw TransferError(code: .fileSystem, message: "cannot write \(path)", cause: writeError)
        }
        let hex = try hexDigest()
        if sync && fsync(fd) != 0 {
            throw Self.fileError("fsync", path: path)
        }
        progress?(DownloadProgress(bytesOnDisk: fileSize, expectedSize: expectedSize))
        return hex
    }

    /// The hex SHA-256 of everything hashed (the whole file when the mode is writing), after
    /// writing what is still buffered. Ends hashing: no bytes may be written afterwards.
    func hexDigest() throws(TransferError) -> String {
        let digest: SHA256.Digest
        if let existing = self.digest {
            digest = existing
        } else {
            do {
                digest = try writer.finalize()
            } catch {
                writeError = error
                throw TransferError(code: .fileSystem, message: "cannot write \(path)", cause: error)
            }
        }
        self.digest = digest
        return Hex.encode(digest)
    }

    /// Removes the file again if this sink created it and nothing was written to it (used
    /// for non-2xx answers, so a failed first attempt leaves no empty file behind).
    func removeIfCreatedAndEmpty() {
        if createdFile && fileSize == 0 { unlink(path) }
    }

    /// Empties the file, for a restart from zero.
    func truncateAll() throws(TransferError) {
        guard ftruncate(fd, 0) == 0 else { throw Self.fileError("ftruncate", path: path) }
    }

    static func fileError(_ operation: String, path: String) -> TransferError {
        let system = SystemError(operation: operation, errno: errno)
        return TransferError(code: .fileSystem, message: "\(operation) failed for \(path): \(system)", cause: system)
    }
}
