import Crypto
import Essentials
import Foundation

/// ``RecordingLocks`` for one machine: exclusive `flock(2)` locks on files in `tmp/`.
///
/// Recording ids hash onto a fixed set of lock files (`tmp/.archive-lock-00` … `-63`) that are
/// never deleted, so locks neither pile up nor race with their own removal; two different
/// recordings share a stripe only by chance and then merely wait for each other. Waiting polls
/// with a non-blocking `flock` and sleeps between tries, so no thread is held while waiting.
public struct FileRecordingLocks: RecordingLocks {
    static let prefix = ".archive-lock-"
    static let stripes = 64
    /// Where the lock files are (`$CALLVAULT_HOME/tmp`).
    public let directory: String

    /// Locks in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    public func withLock<T: Sendable>(recordingId: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let stripe = Int(SHA256.hash(data: Data(recordingId.utf8)).first { _ in true } ?? 0) % Self.stripes
        let path = directory + "/" + Self.prefix + String(format: "%02d", stripe)
        let directory = self.directory
        let fd = try await BlockingExecutor.shared.run { () throws -> Int32 in
            try FileOperations.makeDirectories(directory)
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileOperations.error("opening lock", path: path, errno: errno) }
            return fd
        }
        var delay: UInt64 = 1
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // Closing the descriptor releases the lock.
                defer { close(fd) }
                return try await body()
            }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw FileOperations.error("locking", path: path, errno: code)
            }
            do {
                try await Task.sleep(for: .milliseconds(delay))
            } catch {
                close(fd)
                throw error
            }
            delay = min(delay * 2, 50)
        }
    }
}
