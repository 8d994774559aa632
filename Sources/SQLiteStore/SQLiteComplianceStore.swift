public import Compliance
import Essentials
import Foundation
public import GRDB
public import Logging

/// Legal holds, deletion marks and the deletion of catalog rows on SQLite, in the same file as
/// the catalog and the queue, so a recording's rows, its index entries and its jobs go in one
/// transaction.
///
/// Every connection runs with `PRAGMA secure_delete = ON` (see `SQLiteDatabase`): deleted rows
/// and freed pages are overwritten with zeros. ``purgeDeletedText()`` then merges the FTS5 index
/// (`'optimize'`, which rewrites it without deleted entries and frees the old segments) and
/// checkpoints the write-ahead log with `TRUNCATE`, so no copy of deleted text is left in
/// `callvault.sqlite` or `callvault.sqlite-wal`. That is the equivalent, on SQLite 3.40, of
/// FTS5's `secure-delete` option (3.42 and later).
public struct SQLiteComplianceStore: ComplianceStore {
    let database: DatabasePool
    let logger: Logger

    /// A store over an opened database.
    public init(database: DatabasePool, logger: Logger = Logger(label: "callvault.compliance")) {
        self.database = database
        self.logger = logger
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await SQLiteQueueStore.write(database, logger: logger, body)
    }

    // MARK: - Holds

    @discardableResult
    public func addHold(recordingId: String?, phone: String?, reason: String, createdBy: String, at: Int64) async throws -> LegalHold {
        precondition((recordingId == nil) != (phone == nil), "a hold names a recording or a number")
        return try await write { db in
            if let recordingId {
                guard let marked = try Row.fetchOne(db, sql: "SELECT deletion_marked_at FROM recordings WHERE id = ?", arguments: [recordingId])
                else {
                    throw ComplianceError(.notFound, "no recording \(recordingId) in the catalog")
                }
                if let since = marked[0] as Int64? {
                    throw ComplianceError(
                        .beingDeleted, "recording \(recordingId) is being deleted by a run that began at \(Self.iso(since)); it cannot be held")
                }
            }
            try db.execute(
                sql: "INSERT INTO legal_holds (recording_id, phone, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [recordingId, phone, reason, at, createdBy])
            return LegalHold(id: db.lastInsertedRowID, recordingId: recordingId, phone: phone, reason: reason, createdAt: at, createdBy: createdBy)
        }
    }

    @discardableResult
    public func removeHolds(recordingIds: [String]) async throws -> [LegalHold] {
        try await write { db in
            var removed: [LegalHold] = []
            for id in recordingIds {
                removed += try Row.fetchAll(db, sql: "SELECT * FROM legal_holds WHERE recording_id = ? ORDER BY id", arguments: [id]).map(Self.hold)
                try db.execute(sql: "DELETE FROM legal_holds WHERE recording_id = ?", arguments: [id])
            }
            return removed
        }
    }

    @discardableResult
    public func removeHolds(phone: String) async throws -> [LegalHold] {
        try await write { db in
            let removed = try Row.fetchAll(db, sql: "SELECT * FROM legal_holds WHERE phone = ? ORDER BY id", arguments: [phone]).map(Self.hold)
            try db.execute(sql: "DELETE FROM legal_holds WHERE phone = ?", arguments: [phone])
            return removed
        }
    }

    public func holds() async throws -> [LegalHold] {
        try await database.read { db in try Self.holds(db) }
    }

    static func holds(_ db: Database) throws -> [LegalHold] {
        try Row.fetchAll(db, sql: "SELECT * FROM legal_holds ORDER BY id").map(hold)
    }

    static func hold(_ row: Row) -> LegalHold {
        LegalHold(
            id: row["id"], recordingId: row["recording_id"], phone: row["phone"], reason: row["reason"], createdAt: row["created_at"],
            createdBy: row["created_by"])
    }

    // MARK: - Selection

    /// The columns of a candidate; `WHERE` and `ORDER BY` follow.
    static let candidateSelect = """
        SELECT r.id, r.call_id, c.start_time, c.from_number, c.to_number, r.tmp_path, r.deletion_marked_at,
            (SELECT group_concat(f.relative_path, char(31)) FROM files f WHERE f.recording_id = r.id) AS paths,
            (SELECT coalesce(sum(f.bytes), 0) FROM files f WHERE f.recording_id = r.id) AS bytes,
            t.relative_path AS transcript_path, coalesce(t.bytes, 0) AS transcript_bytes
        FROM recordings r
        JOIN calls c ON c.id = r.call_id
        LEFT JOIN transcripts t ON t.recording_id = r.id AND t.relative_path IS NOT NULL
        """

    static func candidate(_ row: Row) -> DeletionCandidate {
        var keys = ((row["paths"] as String?) ?? "").split(separator: "\u{1F}").map(String.init)
        if let transcript = row["transcript_path"] as String? { keys.append(transcript) }
        return DeletionCandidate(
            recordingId: row[0], callId: row[1], callStartMillis: row[2], fromNumber: row[3], toNumber: row[4], keys: keys,
            bytes: (row["bytes"] as Int64) + (row["transcript_bytes"] as Int64), tmpPath: row[5], markedAt: row[6])
    }

    public func candidates(callStartedBefore millis: Int64) async throws -> [DeletionCandidate] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "\(Self.candidateSelect) WHERE c.start_time < ? ORDER BY c.start_time, r.id", arguments: [millis]
            ).map(Self.candidate)
        }
    }

    public func candidates(recordingIds: [String]) async throws -> [DeletionCandidate] {
        try await database.read { db in try Self.candidates(ids: recordingIds, in: db) }
    }

    static func candidates(ids: [String], in db: Database) throws -> [DeletionCandidate] {
        var found: [DeletionCandidate] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            found += try Row.fetchAll(
                db, sql: "\(candidateSelect) WHERE r.id IN (\(marks))", arguments: StatementArguments(chunk)
            ).map(candidate)
        }
        return found.sorted { ($0.callStartMillis, $0.recordingId) < ($1.callStartMillis, $1.recordingId) }
    }

    /// An index range on the reversed-digit columns (see `SQLiteTranscriptSchema`), as search uses.
    public func candidates(partyDigitsEndingWith digitsSuffix: String) async throws -> [DeletionCandidate] {
        let reversed = String(digitsSuffix.filter(\.isNumber).suffix(SQLiteTranscriptSchema.reversedDigits).reversed())
        return try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    \(Self.candidateSelect)
                    WHERE (c.from_digits_rev >= ?1 AND c.from_digits_rev < ?2) OR (c.to_digits_rev >= ?1 AND c.to_digits_rev < ?2)
                    ORDER BY c.start_time, r.id
                    """,
                arguments: [reversed, reversed + ":"]
            ).map(Self.candidate)
        }
    }

    public func markedForDeletion() async throws -> [DeletionCandidate] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "\(Self.candidateSelect) WHERE r.deletion_marked_at IS NOT NULL ORDER BY c.start_time, r.id"
            ).map(Self.candidate)
        }
    }

    // MARK: - Deletion

    public func markForDeletion(
        _ recordingIds: [String], reason: String, at: Int64, refuse: @escaping @Sendable ([DeletionCandidate], [LegalHold]) -> Set<String>
    ) async throws -> [String] {
        guard !recordingIds.isEmpty else { return [] }
        return try await write { db in
            let candidates = try Self.candidates(ids: recordingIds, in: db)
            let refused = refuse(candidates, try Self.holds(db))
            let mark = try db.cachedStatement(
                sql: """
                    UPDATE recordings SET deletion_marked_at = coalesce(deletion_marked_at, ?),
                        deletion_reason = coalesce(deletion_reason, ?)
                    WHERE id = ?
                    """)
            var marked: [String] = []
            for candidate in candidates where !refused.contains(candidate.recordingId) {
                try mark.execute(arguments: [at, reason, candidate.recordingId])
                marked.append(candidate.recordingId)
            }
            return marked
        }
    }

    public func deleteRecordings(_ recordingIds: [String]) async throws -> [String] {
        guard !recordingIds.isEmpty else { return [] }
        return try await write { db in
            var deleted: [String] = []
            var calls = Set<String>()
            for id in recordingIds {
                guard let callId = try String.fetchOne(
                    db, sql: "SELECT call_id FROM recordings WHERE id = ? AND deletion_marked_at IS NOT NULL", arguments: [id])
                else { continue }
                // Segments first: their trigger removes the index entries.
                try db.execute(sql: "DELETE FROM transcript_segments WHERE recording_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM transcripts WHERE recording_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM files WHERE recording_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM legal_holds WHERE recording_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM recordings WHERE id = ?", arguments: [id])
                calls.insert(callId)
                deleted.append(id)
            }
            // The jobs still waiting for them, found through the partial index of waiting jobs (a
            // handful, however long the queue's history): a running one finishes or fails on its
            // own, its lease fences it. Finished jobs go in ``purgeDeletedText()``'s one sweep.
            for start in stride(from: 0, to: deleted.count, by: 500) {
                let chunk = Array(deleted[start..<min(deleted.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                try db.execute(
                    sql: """
                        DELETE FROM jobs INDEXED BY jobs_waiting
                        WHERE state IN \(SQLiteQueueSchema.waitingStates)
                            AND (CASE WHEN json_valid(payload) THEN json_extract(payload, '$.recordingId') END) IN (\(marks))
                        """,
                    arguments: StatementArguments(chunk))
            }
            for callId in calls {
                try db.execute(
                    sql: "DELETE FROM calls WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM recordings WHERE call_id = ?1)", arguments: [callId])
            }
            return deleted
        }
    }

    public func purgeDeletedText() async throws -> IndexPurge {
        let before = try await database.read { db in try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try await write { db in
            // Finished jobs of recordings that are gone (their payload names the recording; a
            // failed one's error may say more): one pass over the queue's history per run.
            try db.execute(
                sql: """
                    DELETE FROM jobs
                    WHERE state IN ('completed', 'dead', 'cancelled')
                        AND (CASE WHEN json_valid(payload) THEN json_type(payload, '$.recordingId') END) = 'text'
                        AND NOT EXISTS (
                            SELECT 1 FROM recordings r
                            WHERE r.id = (CASE WHEN json_valid(jobs.payload) THEN json_extract(jobs.payload, '$.recordingId') END))
                    """)
            try db.execute(sql: "INSERT INTO transcript_fts (transcript_fts) VALUES ('optimize')")
        }
        let complete = try await database.writeWithoutTransaction { db -> Bool in
            // busy, frames in the log, frames checkpointed; TRUNCATE empties the log file when it copied everything.
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (row?[0] as Int64?) == 0
        }
        return try await database.read { db in
            IndexPurge(
                pagesBefore: before, pagesAfter: try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                freePagesAfter: try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                pageSize: try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096, checkpointComplete: complete)
        }
    }

    static func iso(_ millis: Int64) -> String { Millis.iso8601(millis) }
}
