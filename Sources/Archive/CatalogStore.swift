public import JobQueue

/// The archive catalog: calls, recordings and their stored files, with the follow-up jobs that
/// must commit with them.
///
/// Every write is one unit of work: a record and the jobs it implies (a downloaded recording and
/// its normalization, a filed recording and its transcript fetch) commit together or not at all,
/// so a crash between them loses nothing and repeats nothing. Requests handed in as follow-ups
/// are already validated (``JobQueue/prepared(_:)``). Implementations: `SQLiteCatalog` (the
/// embedded default, in the same file as the queue) and a PostgreSQL catalog for a fleet.
///
/// ```swift
/// try await catalog.markDownloaded(id, tmpPath: path, contentType: "audio/mpeg", bytes: n, sha256: sha,
///                                  followUps: [try queue.prepared(NormalizeRecordingJob.request(recordingId: id))])
/// ```
public protocol CatalogStore: Sendable {
    // MARK: Reads

    /// The call with that id, or `nil`.
    func call(_ id: String) async throws -> CallEntry?
    /// The recording with that id, or `nil`.
    func recording(_ id: String) async throws -> RecordingEntry?
    /// The stored files of a recording, audio first.
    func files(recordingId: String) async throws -> [StoredFile]
    /// Every stored file, ordered by path.
    func allFiles() async throws -> [StoredFile]
    /// Counts for reports.
    func summary() async throws -> CatalogSummary
    /// Recordings with their calls, newest call first, filtered and paged.
    /// - Throws: ``ArchiveError`` `.invalidArgument` for a cursor this catalog did not make.
    func listRecordings(_ query: RecordingQuery) async throws -> RecordingPage

    // MARK: Calls and recordings

    /// Inserts a call, or updates it when any field changed (`first seen` is kept).
    @discardableResult
    func upsertCall(_ call: CallEntry) async throws -> UpsertOutcome
    /// Inserts a recording, or refreshes it, never moving its state backwards (see
    /// ``RecordingState``'s precedence).
    @discardableResult
    func upsertRecording(_ recording: RecordingEntry) async throws -> UpsertOutcome

    /// Stores one page of the call log in one unit of work: each call, its recordings, and the
    /// job `downloads[recordingId]` for every recording not archived, not downloaded and not failed
    /// for good. With `dryRun` nothing is written and the outcomes say what would happen.
    func recordCalls(_ calls: [CallRecord], downloads: [String: JobRequest], dryRun: Bool) async throws -> [CallRecordOutcome]

    /// Records a finished download (state `downloaded`, tmp path, type, size, hash; clears the last
    /// error) with its follow-up jobs. An archived recording is left as it is.
    /// - Throws: ``ArchiveError`` `.notFound` when no recording has the id.
    func markDownloaded(
        _ id: String, tmpPath: String, contentType: String?, bytes: Int64, sha256: String, followUps: [JobRequest]
    ) async throws

    /// Records a failure for good: state `failed` and the message. An archived recording is left as it is.
    /// - Throws: ``ArchiveError`` `.notFound` when no recording has the id.
    func markFailed(_ id: String, error: String) async throws

    // MARK: Filing

    /// Makes sure the catalog knows the call and the recording, then returns what it has for
    /// them (state, files, timestamps), or `nil` when they vanished meanwhile.
    func beginFiling(call: CallEntry, recording: RecordingEntry) async throws -> FilingState?

    /// Records a filed set in one unit of work: the files, state `archived`, the received bytes'
    /// size and hash, and the follow-up jobs.
    func completeFiling(_ archived: ArchivedRecording, archivedAt: Int64, followUps: [JobRequest]) async throws

    /// Rebuilds calls, recordings and files from sidecars in one unit of work; recordings the
    /// catalog had as archived but that have no entry lose their files and become failed.
    /// - Returns: The ids of those recordings.
    func rebuild(from entries: [ReindexEntry], now: Int64) async throws -> [String]

    // MARK: Watermarks

    /// A named high-water mark (milliseconds since 1970), such as the end of the last synced window.
    func watermark(_ name: String) async throws -> Int64?
    /// Sets a named high-water mark.
    func setWatermark(_ name: String, to value: Int64) async throws
}
