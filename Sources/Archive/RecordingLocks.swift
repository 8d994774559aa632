/// Serializes filings of the same recording, across processes (and, for a fleet, machines), so
/// two workers that file one recording at once cannot interleave their files and catalog rows.
public protocol RecordingLocks: Sendable {
    /// Runs `body` while holding the lock of `recordingId`, waiting for it first; the lock is
    /// released when `body` returns or throws.
    func withLock<T: Sendable>(recordingId: String, _ body: @Sendable () async throws -> T) async throws -> T
}
