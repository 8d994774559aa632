public import Archive
public import Essentials
public import JobQueue
public import Logging
import PostgresNIO

/// The archive catalog on PostgreSQL, in the same database as the queue, so a record and its
/// follow-up jobs commit in one transaction, whichever machine writes them.
///
/// Behaves as `SQLiteCatalog` does; where SQLite relies on its single writer, this catalog locks
/// the rows it reads before it changes them (`INSERT … ON CONFLICT DO NOTHING`, then `SELECT … FOR
/// UPDATE`), so two machines upserting the same call or recording serialize instead of losing
/// one another's change.
public struct PostgresCatalog: CatalogStore {
    let pool: PostgresPool
    let clock: any TimeSource
    let wakeup: Wakeup
    let channel: String
    let logger: Logger

    /// A catalog on a migrated database; `wakeup` and `channel` are the queue store's, used when a
    /// unit of work enqueued jobs.
    public init(pool: PostgresPool, clock: any TimeSource, wakeup: Wakeup, channel: String, logger: Logger = Logger(label: "callvault.catalog")) {
        self.pool = pool
        self.clock = clock
        self.wakeup = wakeup
        self.channel = channel
        self.logger = logger
    }

    /// Runs a transaction; when it enqueued jobs, other machines are notified at commit and local
    /// workers are woken after it.
    func write<T: Sendable>(enqueues: Bool = false, _ body: @escaping @Sendable (PostgresConnection, Int64) async throws -> T)
        async throws -> T
    {
        let now = clock.nowMillis()
        let channel = self.channel
        let result = try await pool.transaction { connection in
            let value = try await body(connection, now)
            if enqueues { try await connection.run("NOTIFY \(unescaped: channel)") }
            return value
        }
        if enqueues { wakeup.signal() }
        return result
    }

    // MARK: - Reads

    public func call(_ id: String) async throws -> CallEntry? {
        try await pool.read { connection in try await Self.call(id, connection: connection) }
    }

    public func recording(_ id: String) async throws -> RecordingEntry? {
        try await pool.read { connection in try await Self.recording(id, connection: connection) }
    }

    public func files(recordingId: String) async throws -> [StoredFile] {
        try await pool.read { connection in try await Self.files(recordingId: recordingId, connection: connection) }
    }

    public func allFiles() async throws -> [StoredFile] {
        try await pool.read { connection in
            try await connection.all("SELECT \(unescaped: Self.fileColumns) FROM files ORDER BY relative_path").map(Self.storedFile)
        }
    }

    public func summary() async throws -> CatalogSummary {
        try await pool.read { connection in
            func counts(_ sql: String) async throws -> [String: Int] {
                var counts: [String: Int] = [:]
                for row in try await connection.all(PostgresQuery(unsafeSQL: sql)) {
                    let (key, count) = try row.decode((String, Int).self)
                    counts[key, default: 0] += count
                }
                return counts
            }
            return CatalogSummary(
                callsByQualification: try await counts("SELECT qualification, count(*) FROM calls GROUP BY 1"),
                recordingsByState: try await counts("SELECT state, count(*) FROM recordings GROUP BY 1"),
                storedBytes: try await connection.first("SELECT coalesce(sum(bytes), 0)::bigint FROM files")?.decode(Int64.self) ?? 0,
                audioByFormat: try await counts("SELECT format, count(*) FROM files WHERE role = 'audio' GROUP BY 1"),
                originals: try await connection.first("SELECT count(*) FROM files WHERE role = 'original'")?.decode(Int.self) ?? 0,
                failures: try await connection.all(
                    "SELECT id, coalesce(last_error, '') FROM recordings WHERE state = 'failed' ORDER BY id"
                ).map { row in
                    let (id, error) = try row.decode((String, String).self)
                    return CatalogSummary.Failure(recordingId: id, error: error)
                },
                transcriptsByState: try await counts("SELECT state, count(*) FROM transcripts GROUP BY 1"))
        }
    }

    // MARK: - Calls and recordings

    public func upsertCall(_ call: CallEntry) async throws -> UpsertOutcome {
        try await write { connection, now in try await Self.upsertCall(call, connection: connection, now: now) }
    }

    public func upsertRecording(_ recording: RecordingEntry) async throws -> UpsertOutcome {
        try await write { connection, now in try await Self.upsertRecording(recording, connection: connection, now: now) }
    }

    public func recordCalls(_ calls: [CallRecord], downloads jobs: [String: JobRequest], dryRun: Bool) async throws
        -> [CallRecordOutcome]
    {
        if dryRun {
            return try await pool.read { connection in
                var outcomes: [CallRecordOutcome] = []
                for record in calls { outcomes.append(try await Self.preview(record, jobs: jobs, connection: connection)) }
                return outcomes
            }
        }
        return try await write(enqueues: true) { connection, now in
            var outcomes: [CallRecordOutcome] = []
            for record in calls {
                let call = try await Self.upsertCall(record.call, connection: connection, now: now)
                var recordings: [CallRecordOutcome.RecordingOutcome] = []
                for recording in record.recordings {
                    _ = try await Self.upsertRecording(recording, connection: connection, now: now)
                    switch try await Self.recording(recording.id, connection: connection)?.state {
                    case .archived?, .downloaded?:
                        recordings.append(.alreadyKnown)
                    case .failed?:
                        recordings.append(.knownFailure)
                    default:
                        guard let job = jobs[recording.id] else { continue }
                        let result = try await PostgresQueueStore.insert([job], connection: connection, now: now)[0]
                        recordings.append(result.inserted ? .enqueued : .alreadyKnown)
                    }
                }
                outcomes.append(CallRecordOutcome(call: call, recordings: recordings))
            }
            return outcomes
        }
    }

    /// What ``recordCalls(_:downloads:dryRun:)`` would do, reading only.
    private static func preview(_ record: CallRecord, jobs: [String: JobRequest], connection: PostgresConnection) async throws
        -> CallRecordOutcome
    {
        let known = try await call(record.call.id, connection: connection) != nil
        var outcomes: [CallRecordOutcome.RecordingOutcome] = []
        for recording in record.recordings {
            let state = try await self.recording(recording.id, connection: connection)?.state
            if state == .failed {
                outcomes.append(.knownFailure)
            } else if state == .archived || state == .downloaded {
                outcomes.append(.alreadyKnown)
            } else if let key = jobs[recording.id]?.idempotencyKey {
                let live = try await connection.first(
                    """
                    SELECT 1 FROM jobs WHERE idempotency_key = \(key) AND state IN \(unescaped: PostgresSchema.liveStates)
                    """) != nil
                outcomes.append(live ? .alreadyKnown : .enqueued)
            } else {
                outcomes.append(.enqueued)
            }
        }
        return CallRecordOutcome(call: known ? .unchanged : .inserted, recordings: outcomes)
    }

    public func markDownloaded(
        _ id: String, tmpPath: String, contentType: String?, bytes: Int64, sha256: String, followUps: [JobRequest]
    ) async throws {
        try await write(enqueues: !followUps.isEmpty) { connection, now in
            guard let existing = try await Self.recording(id, lock: true, connection: connection) else {
                throw ArchiveError(.notFound, "no recording \(id) in the catalog")
            }
            if existing.state != .archived {
                try await connection.run(
                    """
                    UPDATE recordings SET state = 'downloaded', tmp_path = \(tmpPath), content_type = \(contentType),
                        received_bytes = \(bytes), received_sha256 = \(sha256), last_error = NULL, updated_at = \(now)
                    WHERE id = \(id)
                    """)
            }
            _ = try await PostgresQueueStore.insert(followUps, connection: connection, now: now)
        }
    }

    public func markFailed(_ id: String, error: String) async throws {
        try await write { connection, now in
            guard let existing = try await Self.recording(id, lock: true, connection: connection) else {
                throw ArchiveError(.notFound, "no recording \(id) in the catalog")
            }
            guard existing.state != .archived else { return }
            try await connection.run(
                "UPDATE recordings SET state = 'failed', last_error = \(error), updated_at = \(now) WHERE id = \(id)")
        }
    }

    // MARK: - Filing

    public func beginFiling(call: CallEntry, recording: RecordingEntry) async throws -> FilingState? {
        try await write { connection, now -> FilingState? in
            _ = try await Self.upsertCall(call, connection: connection, now: now)
            _ = try await Self.upsertRecording(recording, connection: connection, now: now)
            guard let current = try await Self.recording(recording.id, connection: connection),
                let timestamps = try await Self.callTimestamps(call.id, connection: connection),
                let createdAt = try await Self.recordingCreatedAt(recording.id, connection: connection)
            else { return nil }
            return FilingState(
                recording: current, files: try await Self.files(recordingId: recording.id, connection: connection),
                callFirstSeenAt: timestamps.firstSeenAt, callUpdatedAt: timestamps.updatedAt, recordingCreatedAt: createdAt)
        }
    }

    public func completeFiling(_ archived: ArchivedRecording, archivedAt: Int64, followUps: [JobRequest]) async throws {
        try await write(enqueues: !followUps.isEmpty) { connection, now in
            try await Self.replaceFiles(recordingId: archived.recordingId, with: archived.files, connection: connection)
            try await connection.run(
                """
                UPDATE recordings SET state = 'archived', received_bytes = \(archived.receivedBytes),
                    received_sha256 = \(archived.receivedSHA256), tmp_path = NULL, last_error = NULL, updated_at = \(archivedAt)
                WHERE id = \(archived.recordingId)
                """)
            _ = try await PostgresQueueStore.insert(followUps, connection: connection, now: now)
        }
    }

    public func rebuild(from entries: [ReindexEntry], now: Int64) async throws -> [String] {
        try await write { connection, _ in
            for entry in entries {
                let sidecar = entry.sidecar
                try await Self.replaceCall(
                    sidecar.call, firstSeenAt: sidecar.timestamps.callFirstSeenAt, updatedAt: sidecar.timestamps.callUpdatedAt,
                    connection: connection)
                try await Self.replaceRecording(
                    sidecar.recording, createdAt: sidecar.timestamps.recordingCreatedAt, updatedAt: sidecar.timestamps.archivedAt,
                    connection: connection)
                try await Self.replaceFiles(recordingId: sidecar.recording.id, with: entry.files, connection: connection)
            }
            let indexed = Set(entries.map(\.sidecar.recording.id))
            let archived = try await connection.all("SELECT id FROM recordings WHERE state = 'archived' ORDER BY id")
                .map { try $0.decode(String.self) }
            let missing = archived.filter { !indexed.contains($0) }
            for id in missing {
                try await connection.run("DELETE FROM files WHERE recording_id = \(id)")
                try await connection.run(
                    """
                    UPDATE recordings SET state = 'failed', last_error = 'reindex: no complete set in recordings/', updated_at = \(now)
                    WHERE id = \(id)
                    """)
            }
            return missing
        }
    }

    // MARK: - Watermarks

    public func watermark(_ name: String) async throws -> Int64? {
        try await pool.read { connection in
            try await connection.first("SELECT last_window_end FROM sync_state WHERE name = \(name)")?.decode(Int64.self)
        }
    }

    public func setWatermark(_ name: String, to value: Int64) async throws {
        try await write { connection, _ in
            try await connection.run(
                """
                INSERT INTO sync_state (name, last_window_end) VALUES (\(name), \(value))
                ON CONFLICT (name) DO UPDATE SET last_window_end = excluded.last_window_end
                """)
        }
    }
}
