public import Archive
public import Essentials
public import GRDB
public import JobQueue
public import Logging

/// The archive catalog on SQLite, in the same file as the queue, so a record and its follow-up
/// jobs commit in one transaction.
public struct SQLiteCatalog: CatalogStore {
    let database: DatabasePool
    let clock: any TimeSource
    let wakeup: Wakeup
    let logger: Logger

    /// A catalog over an opened database; `wakeup` is the queue store's, signalled when a unit of
    /// work enqueued jobs.
    public init(database: DatabasePool, clock: any TimeSource, wakeup: Wakeup, logger: Logger = Logger(label: "callvault.catalog")) {
        self.database = database
        self.clock = clock
        self.wakeup = wakeup
        self.logger = logger
    }

    /// Runs a write transaction and wakes local workers when it enqueued jobs.
    func write<T: Sendable>(enqueues: Bool = false, _ body: @escaping @Sendable (Database, Int64) throws -> T) async throws -> T {
        let now = clock.nowMillis()
        let result = try await SQLiteQueueStore.write(database, logger: logger) { db in try body(db, now) }
        if enqueues { wakeup.signal() }
        return result
    }

    // MARK: - Reads

    public func call(_ id: String) async throws -> CallEntry? {
        try await database.read { db in try Self.call(id, in: db) }
    }

    public func recording(_ id: String) async throws -> RecordingEntry? {
        try await database.read { db in try Self.recording(id, in: db) }
    }

    public func files(recordingId: String) async throws -> [StoredFile] {
        try await database.read { db in try Self.files(recordingId: recordingId, in: db) }
    }

    public func allFiles() async throws -> [StoredFile] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM files ORDER BY relative_path").map(StoredFile.init(row:))
        }
    }

    public func summary() async throws -> CatalogSummary {
        try await database.read { db in
            func counts(_ sql: String) throws -> [String: Int] {
                Dictionary(try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: +)
            }
            return CatalogSummary(
                callsByQualification: try counts("SELECT qualification, count(*) FROM calls GROUP BY 1"),
                recordingsByState: try counts("SELECT state, count(*) FROM recordings GROUP BY 1"),
                storedBytes: try Int64.fetchOne(db, sql: "SELECT coalesce(sum(bytes), 0) FROM files") ?? 0,
                audioByFormat: try counts("SELECT format, count(*) FROM files WHERE role = 'audio' GROUP BY 1"),
                originals: try Int.fetchOne(db, sql: "SELECT count(*) FROM files WHERE role = 'original'") ?? 0,
                failures: try Row.fetchAll(
                    db, sql: "SELECT id, coalesce(last_error, '') FROM recordings WHERE state = 'failed' ORDER BY id"
                ).map { CatalogSummary.Failure(recordingId: $0[0], error: $0[1]) },
                transcriptsByState: try counts("SELECT state, count(*) FROM transcripts GROUP BY 1"))
        }
    }

    // MARK: - Calls and recordings

    public func upsertCall(_ call: CallEntry) async throws -> UpsertOutcome {
        try await write { db, now in try Self.upsertCall(call, in: db, now: now) }
    }

    public func upsertRecording(_ recording: RecordingEntry) async throws -> UpsertOutcome {
        try await write { db, now in try Self.upsertRecording(recording, in: db, now: now) }
    }

    public func recordCalls(_ calls: [CallRecord], downloads jobs: [String: JobRequest], dryRun: Bool) async throws
        -> [CallRecordOutcome]
    {
        if dryRun {
            return try await database.read { db in try calls.map { try Self.preview($0, jobs: jobs, db: db) } }
        }
        return try await write(enqueues: true) { db, now in
            try calls.map { record in
                let call = try Self.upsertCall(record.call, in: db, now: now)
                var outcomes: [CallRecordOutcome.RecordingOutcome] = []
                for recording in record.recordings {
                    _ = try Self.upsertRecording(recording, in: db, now: now)
                    switch try Self.recording(recording.id, in: db)?.state {
                    case .archived?, .downloaded?:
                        outcomes.append(.alreadyKnown)
                    case .failed?:
                        outcomes.append(.knownFailure)
                    default:
                        guard let job = jobs[recording.id] else { continue }
                        let result = try SQLiteQueueStore.insert(job, db: db, now: now)
                        outcomes.append(result.inserted ? .enqueued : .alreadyKnown)
                    }
                }
                return CallRecordOutcome(call: call, recordings: outcomes)
            }
        }
    }

    /// What ``recordCalls(_:downloads:dryRun:)`` would do, reading only.
    private static func preview(_ record: CallRecord, jobs: [String: JobRequest], db: Database) throws -> CallRecordOutcome {
        let known = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM calls WHERE id = ?)", arguments: [record.call.id]) ?? false
        let outcomes = try record.recordings.map { recording -> CallRecordOutcome.RecordingOutcome in
            let state = try Self.recording(recording.id, in: db)?.state
            if state == .failed { return .knownFailure }
            if state == .archived || state == .downloaded { return .alreadyKnown }
            guard let key = jobs[recording.id]?.idempotencyKey else { return .enqueued }
            let live = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE idempotency_key = ? AND state IN \(SQLiteQueueSchema.liveStates))",
                arguments: [key]) ?? false
            return live ? .alreadyKnown : .enqueued
        }
        return CallRecordOutcome(call: known ? .unchanged : .inserted, recordings: outcomes)
    }

    public func markDownloaded(
        _ id: String, tmpPath: String, contentType: String?, bytes: Int64, sha256: String, followUps: [JobRequest]
    ) async throws {
        try await write(enqueues: !followUps.isEmpty) { db, now in
            try Self.markDownloaded(id, tmpPath: tmpPath, contentType: contentType, bytes: bytes, sha256: sha256, in: db, now: now)
            for job in followUps { _ = try SQLiteQueueStore.insert(job, db: db, now: now) }
        }
    }

    public func markFailed(_ id: String, error: String) async throws {
        try await write { db, now in try Self.markFailed(id, error: error, in: db, now: now) }
    }

    // MARK: - Filing

    public func beginFiling(call: CallEntry, recording: RecordingEntry) async throws -> FilingState? {
        try await write { db, now -> FilingState? in
            _ = try Self.upsertCall(call, in: db, now: now)
            _ = try Self.upsertRecording(recording, in: db, now: now)
            guard let current = try Self.recording(recording.id, in: db),
                let timestamps = try Self.callTimestamps(call.id, in: db),
                let createdAt = try Self.recordingCreatedAt(recording.id, in: db)
            else { return nil }
            return FilingState(
                recording: current, files: try Self.files(recordingId: recording.id, in: db),
                callFirstSeenAt: timestamps.firstSeenAt, callUpdatedAt: timestamps.updatedAt, recordingCreatedAt: createdAt)
        }
    }

    public func completeFiling(_ archived: ArchivedRecording, archivedAt: Int64, followUps: [JobRequest]) async throws {
        try await write(enqueues: !followUps.isEmpty) { db, now in
            try Self.replaceFiles(recordingId: archived.recordingId, with: archived.files, in: db)
            try db.execute(
                sql: """
                    UPDATE recordings SET state = 'archived', received_bytes = ?, received_sha256 = ?, tmp_path = NULL,
                        last_error = NULL, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [archived.receivedBytes, archived.receivedSHA256, archivedAt, archived.recordingId])
            for job in followUps { _ = try SQLiteQueueStore.insert(job, db: db, now: now) }
        }
    }

    public func rebuild(from entries: [ReindexEntry], now: Int64) async throws -> [String] {
        try await write { db, _ in
            for entry in entries {
                let sidecar = entry.sidecar
                try Self.insertCall(
                    sidecar.call, firstSeenAt: sidecar.timestamps.callFirstSeenAt, updatedAt: sidecar.timestamps.callUpdatedAt,
                    in: db)
                try Self.insertRecording(
                    sidecar.recording, createdAt: sidecar.timestamps.recordingCreatedAt, updatedAt: sidecar.timestamps.archivedAt,
                    in: db)
                try Self.replaceFiles(recordingId: sidecar.recording.id, with: entry.files, in: db)
            }
            let indexed = Set(entries.map(\.sidecar.recording.id))
            let archived = try String.fetchAll(db, sql: "SELECT id FROM recordings WHERE state = 'archived' ORDER BY id")
            let missing = archived.filter { !indexed.contains($0) }
            for id in missing {
                try db.execute(sql: "DELETE FROM files WHERE recording_id = ?", arguments: [id])
                try db.execute(
                    sql: "UPDATE recordings SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
                    arguments: ["reindex: no complete set in recordings/", now, id])
            }
            return missing
        }
    }

    // MARK: - Watermarks

    public func watermark(_ name: String) async throws -> Int64? {
        try await database.read { db in
            try Int64.fetchOne(db, sql: "SELECT last_window_end FROM sync_state WHERE name = ?", arguments: [name])
        }
    }

    public func setWatermark(_ name: String, to value: Int64) async throws {
        try await write { db, _ in
            try db.execute(
                sql: """
                    INSERT INTO sync_state (name, last_window_end) VALUES (?1, ?2)
                    ON CONFLICT (name) DO UPDATE SET last_window_end = ?2
                    """,
                arguments: [name, value])
        }
    }
}
