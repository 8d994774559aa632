import Essentials
import Crypto
import Foundation

/// An exclusive `flock(2)` that serializes filings of the same recording across processes.
///
/// Recording ids hash onto a fixed set of lock files (`tmp/.archive-lock-00` … `-63`) that are
/// never deleted, so locks neither pile up nor race with their own removal; two different
/// recordings share a stripe only by chance and then merely wait for each other. The lock is held
/// from reading the catalog state to committing the `files` rows, so two workers that file the
/// same recording at once cannot interleave their renames and catalog rows.
final class FilingLock: Sendable {
    static let prefix = ".archive-lock-"
    static let stripes = 64
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Blocks until the lock for `recordingId` is held.
    static func acquire(recordingId: String, layout: ArchiveLayout) async throws -> FilingLock {
        let directory = layout.tmpDirectory
        let stripe = Int(SHA256.hash(data: Data(recordingId.utf8)).first { _ in true } ?? 0) % stripes
        let path = directory + "/" + prefix + String(format: "%02d", stripe)
        return try await BlockingExecutor.shared.run {
            try FileOperations.makeDirectories(directory)
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileOperations.error("opening lock", path: path, errno: errno) }
            while flock(fd, LOCK_EX) != 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw FileOperations.error("locking", path: path, errno: code)
            }
            return FilingLock(fd: fd)
        }
    }

    deinit {
        // Closing the descriptor releases the lock.
        close(fd)
    }
}
