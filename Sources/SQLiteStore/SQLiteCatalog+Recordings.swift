import Archive
import GRDB

extension SQLiteCatalog {
    /// Inserts a recording, or refreshes it, never moving its state backwards.
    ///
    /// `call_id`, `content_uri`, `recording_type` and `expected_duration_seconds` always take the
    /// new values. The state only moves forward (`pending` < `failed` < `downloaded` < `archived`):
    /// an archived recording stays archived, a sync offering it again as `pending` changes nothing
    /// else. When the incoming state is adopted (at least the current precedence), its non-`nil`
    /// progress fields (content type, bytes, hash, tmp path, last error) are taken too.
    static func upsertRecording(_ recording: RecordingEntry, in db: Database, now: Int64) throws -> UpsertOutcome {
        guard let existing = try self.recording(recording.id, in: db) else {
            try insertRecording(recording, createdAt: now, updatedAt: now, in: db)
            return .inserted
        }
        let merged = existing.merging(recording)
        if merged == existing { return .unchanged }
        try update(merged, now: now, in: db)
        return .updated
    }

    /// Inserts or replaces a recording with explicit timestamps (reindexing).
    static func insertRecording(_ recording: RecordingEntry, createdAt: Int64, updatedAt: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO recordings (id, call_id, content_uri, recording_type, expected_duration_seconds, state,
                    content_type, received_bytes, received_sha256, tmp_path, last_error, created_at, updated_at,
                    expected_duration_exact)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET call_id = excluded.call_id, content_uri = excluded.content_uri,
                    recording_type = excluded.recording_type,
                    expected_duration_seconds = excluded.expected_duration_seconds, state = excluded.state,
                    content_type = excluded.content_type, received_bytes = excluded.received_bytes,
                    received_sha256 = excluded.received_sha256, tmp_path = excluded.tmp_path,
                    last_error = excluded.last_error, created_at = excluded.created_at, updated_at = excluded.updated_at,
                    expected_duration_exact = excluded.expected_duration_exact
                """,
            arguments: [
                recording.id, recording.callId, recording.contentUri, recording.recordingType,
                recording.expectedDurationSeconds, recording.state.rawValue, recording.contentType,
                recording.receivedBytes, recording.receivedSHA256, recording.tmpPath, recording.lastError, createdAt,
                updatedAt, recording.expectedDurationIsExact,
            ])
    }

    private static func update(_ recording: RecordingEntry, now: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE recordings SET call_id = ?, content_uri = ?, recording_type = ?, expected_duration_seconds = ?,
                    state = ?, content_type = ?, received_bytes = ?, received_sha256 = ?, tmp_path = ?, last_error = ?,
                    updated_at = ?, expected_duration_exact = ?
                WHERE id = ?
                """,
            arguments: [
                recording.callId, recording.contentUri, recording.recordingType, recording.expectedDurationSeconds,
                recording.state.rawValue, recording.contentType, recording.receivedBytes, recording.receivedSHA256,
                recording.tmpPath, recording.lastError, now, recording.expectedDurationIsExact, recording.id,
            ])
    }

    /// The recording with that id, or `nil`.
    static func recording(_ id: String, in db: Database) throws -> RecordingEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM recordings WHERE id = ?", arguments: [id]).map(RecordingEntry.init(row:))
    }

    /// Records a finished download; an archived recording is left as it is.
    static func markDownloaded(
        _ id: String, tmpPath: String, contentType: String?, bytes: Int64, sha256: String, in db: Database, now: Int64
    ) throws {
        guard let existing = try recording(id, in: db) else {
            throw ArchiveError(.notFound, "no recording \(id) in the catalog")
        }
        guard existing.state != .archived else { return }
        try db.execute(
            sql: """
                UPDATE recordings SET state = 'downloaded', tmp_path = ?, content_type = ?, received_bytes = ?,
                    received_sha256 = ?, last_error = NULL, updated_at = ?
                WHERE id = ?
                """,
            arguments: [tmpPath, contentType, bytes, sha256, now, id])
    }

    /// Records a failure for good; an archived recording is left as it is.
    static func markFailed(_ id: String, error: String, in db: Database, now: Int64) throws {
        guard let existing = try recording(id, in: db) else {
            throw ArchiveError(.notFound, "no recording \(id) in the catalog")
        }
        guard existing.state != .archived else { return }
        try db.execute(
            sql: "UPDATE recordings SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
            arguments: [error, now, id])
    }

    /// `created_at` of a recording.
    static func recordingCreatedAt(_ id: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT created_at FROM recordings WHERE id = ?", arguments: [id])
    }
}

extension RecordingEntry {
    init(row: Row) {
        self.init(
            id: row["id"], callId: row["call_id"], contentUri: row["content_uri"], recordingType: row["recording_type"],
            expectedDurationSeconds: row["expected_duration_seconds"],
            state: RecordingState(rawValue: row["state"] as String) ?? .pending, contentType: row["content_type"],
            receivedBytes: row["received_bytes"], receivedSHA256: row["received_sha256"], tmpPath: row["tmp_path"],
            lastError: row["last_error"], expectedDurationIsExact: row["expected_duration_exact"])
    }
}
