public import Compliance
import Essentials
import Foundation
public import Logging
import PostgresNIO

/// Legal holds, deletion marks and the deletion of catalog rows on PostgreSQL, with the same
/// semantics as the SQLite store: a recording's rows, its segments (and so their `tsvector`
/// entries) and its waiting jobs go in one transaction, whichever machine runs the deletion.
///
/// ``purgeDeletedText()`` rewrites the tables that held deleted text with `VACUUM (FULL)`, so no
/// dead tuple of a deleted transcript, call or job stays in the database's files; it takes each
/// table's exclusive lock for the rewrite, which is why a run calls it once, after its last batch.
public struct PostgresComplianceStore: ComplianceStore {
    let pool: PostgresPool
    let logger: Logger

    /// A store on a migrated database.
    public init(pool: PostgresPool, logger: Logger = Logger(label: "callvault.compliance")) {
        self.pool = pool
        self.logger = logger
    }

    /// The tables a deletion removes rows from, rewritten by ``purgeDeletedText()``.
    static let purgedTables = ["transcript_segments", "transcripts", "files", "legal_holds", "recordings", "calls", "jobs"]

    // MARK: - Holds

    @discardableResult
    public func addHold(recordingId: String?, phone: String?, reason: String, createdBy: String, at: Int64) async throws -> LegalHold {
        precondition((recordingId == nil) != (phone == nil), "a hold names a recording or a number")
        return try await pool.transaction { connection in
            // The holds table first, as marking takes it: a marking run in progress finishes
            // before this reads the recording, and the two never wait on each other's locks.
            try await connection.run("LOCK TABLE legal_holds IN ROW EXCLUSIVE MODE")
            if let recordingId {
                guard let row = try await connection.first("SELECT deletion_marked_at FROM recordings WHERE id = \(recordingId) FOR SHARE")
                else {
                    throw ComplianceError(.notFound, "no recording \(recordingId) in the catalog")
                }
                if let since = try row.decode(Int64?.self) {
                    throw ComplianceError(
                        .beingDeleted,
                        "recording \(recordingId) is being deleted by a run that began at \(Millis.iso8601(since)); it cannot be held")
                }
            }
            let row = try await connection.first(
                """
                INSERT INTO legal_holds (recording_id, phone, reason, created_at, created_by)
                VALUES (\(recordingId), \(phone), \(reason), \(at), \(createdBy)) RETURNING id
                """)
            guard let id = try row?.decode(Int64.self) else { throw PostgresStoreError(.server, "the hold was not stored") }
            return LegalHold(id: id, recordingId: recordingId, phone: phone, reason: reason, createdAt: at, createdBy: createdBy)
        }
    }

    @discardableResult
    public func removeHolds(recordingIds: [String]) async throws -> [LegalHold] {
        try await pool.transaction { connection in
            try await connection.all(
                "DELETE FROM legal_holds WHERE recording_id = ANY(\(recordingIds)) RETURNING \(unescaped: Self.holdColumns)"
            ).map(Self.hold).sorted { $0.id < $1.id }
        }
    }

    @discardableResult
    public func removeHolds(phone: String) async throws -> [LegalHold] {
        try await pool.transaction { connection in
            try await connection.all("DELETE FROM legal_holds WHERE phone = \(phone) RETURNING \(unescaped: Self.holdColumns)")
                .map(Self.hold).sorted { $0.id < $1.id }
        }
    }

    public func holds() async throws -> [LegalHold] {
        try await pool.read { connection in try await Self.holds(connection) }
    }

    static let holdColumns = "id, recording_id, phone, reason, created_at, created_by"

    static func holds(_ connection: PostgresConnection) async throws -> [LegalHold] {
        try await connection.all("SELECT \(unescaped: holdColumns) FROM legal_holds ORDER BY id").map(hold)
    }

    static func hold(_ row: PostgresRow) throws -> LegalHold {
        let (id, recordingId, phone, reason, createdAt, createdBy) = try row.decode((Int64, String?, String?, String, Int64, String).self)
        return LegalHold(id: id, recordingId: recordingId, phone: phone, reason: reason, createdAt: createdAt, createdBy: createdBy)
    }

    // MARK: - Selection

    /// The columns of a candidate; `WHERE` and `ORDER BY` follow.
    static let candidateSelect = """
        SELECT r.id, r.call_id, c.start_time, c.from_number, c.to_number, r.tmp_path, r.deletion_marked_at,
            coalesce((SELECT array_agg(f.relative_path ORDER BY f.id) FROM files f WHERE f.recording_id = r.id), '{}') AS paths,
            (SELECT coalesce(sum(f.bytes), 0)::BIGINT FROM files f WHERE f.recording_id = r.id) AS bytes,
            t.relative_path, coalesce(t.bytes, 0) AS transcript_bytes
        FROM recordings r
        JOIN calls c ON c.id = r.call_id
        LEFT JOIN transcripts t ON t.recording_id = r.id AND t.relative_path IS NOT NULL
        """

    static func candidate(_ row: PostgresRow) throws -> DeletionCandidate {
        let (id, callId, start, from, to, tmpPath, markedAt, paths, bytes, transcriptPath, transcriptBytes) = try row.decode(
            (String, String, Int64, String?, String?, String?, Int64?, [String], Int64, String?, Int64).self)
        return DeletionCandidate(
            recordingId: id, callId: callId, callStartMillis: start, fromNumber: from, toNumber: to,
            keys: paths + (transcriptPath.map { [$0] } ?? []), bytes: bytes + transcriptBytes, tmpPath: tmpPath, markedAt: markedAt)
    }

    public func candidates(callStartedBefore millis: Int64) async throws -> [DeletionCandidate] {
        try await pool.read { connection in
            try await connection.all("\(unescaped: Self.candidateSelect) WHERE c.start_time < \(millis) ORDER BY c.start_time, r.id")
                .map(Self.candidate)
        }
    }

    public func candidates(recordingIds: [String]) async throws -> [DeletionCandidate] {
        try await pool.read { connection in try await Self.candidates(ids: recordingIds, connection: connection, lock: false) }
    }

    static func candidates(ids: [String], connection: PostgresConnection, lock: Bool) async throws -> [DeletionCandidate] {
        try await connection.all(
            """
            \(unescaped: candidateSelect) WHERE r.id = ANY(\(ids)) ORDER BY c.start_time, r.id
            \(unescaped: lock ? "FOR UPDATE OF r" : "")
            """
        ).map(candidate)
    }

    /// The calls' digit columns end with the suffix; their trigram indexes serve the `LIKE`.
    public func candidates(partyDigitsEndingWith digitsSuffix: String) async throws -> [DeletionCandidate] {
        let pattern = "%" + String(digitsSuffix.filter(\.isASCII).filter(\.isNumber))
        return try await pool.read { connection in
            try await connection.all(
                """
                \(unescaped: Self.candidateSelect)
                WHERE c.from_digits LIKE \(pattern) OR c.to_digits LIKE \(pattern)
                ORDER BY c.start_time, r.id
                """
            ).map(Self.candidate)
        }
    }

    public func markedForDeletion() async throws -> [DeletionCandidate] {
        try await pool.read { connection in
            try await connection.all("\(unescaped: Self.candidateSelect) WHERE r.deletion_marked_at IS NOT NULL ORDER BY c.start_time, r.id")
                .map(Self.candidate)
        }
    }

    // MARK: - Deletion

    /// The candidates' rows are locked and the holds table is locked against new holds for the
    /// transaction (`SHARE ROW EXCLUSIVE`), so a hold placed by another machine meanwhile either
    /// commits first and is seen here, or waits and then finds the recording marked.
    public func markForDeletion(
        _ recordingIds: [String], reason: String, at: Int64, refuse: @escaping @Sendable ([DeletionCandidate], [LegalHold]) -> Set<String>
    ) async throws -> [String] {
        guard !recordingIds.isEmpty else { return [] }
        return try await pool.transaction { connection in
            try await connection.run("LOCK TABLE legal_holds IN SHARE ROW EXCLUSIVE MODE")
            let candidates = try await Self.candidates(ids: recordingIds, connection: connection, lock: true)
            let refused = refuse(candidates, try await Self.holds(connection))
            let marked = candidates.map(\.recordingId).filter { !refused.contains($0) }
            try await connection.run(
                """
                UPDATE recordings SET deletion_marked_at = coalesce(deletion_marked_at, \(at)),
                    deletion_reason = coalesce(deletion_reason, \(reason))
                WHERE id = ANY(\(marked))
                """)
            return marked
        }
    }

    /// Segments, transcripts and files go with their recording (`ON DELETE CASCADE`); waiting
    /// jobs are found by the `recordingId` of their payload, read without parsing it as JSON so
    /// a job with another payload never fails the deletion.
    public func deleteRecordings(_ recordingIds: [String]) async throws -> [String] {
        guard !recordingIds.isEmpty else { return [] }
        return try await pool.transaction { connection in
            let rows = try await connection.all(
                """
                DELETE FROM recordings WHERE id = ANY(\(recordingIds)) AND deletion_marked_at IS NOT NULL
                RETURNING id, call_id
                """)
            let deleted = try rows.map { try $0.decode((String, String).self) }
            guard !deleted.isEmpty else { return [] }
            let ids = deleted.map(\.0)
            try await connection.run("DELETE FROM legal_holds WHERE recording_id = ANY(\(ids))")
            try await connection.run(
                """
                DELETE FROM jobs
                WHERE state IN \(unescaped: PostgresSchema.waitingStates)
                    AND substring(payload FROM \(Self.recordingIdPattern)) = ANY(\(ids))
                """)
            let calls = Array(Set(deleted.map(\.1)))
            try await connection.run(
                """
                DELETE FROM calls c WHERE c.id = ANY(\(calls))
                    AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.call_id = c.id)
                """)
            return ids
        }
    }

    /// The recording id in a job's payload: `"recordingId":"…"`.
    static let recordingIdPattern = #""recordingId"\s*:\s*"([^"\\]*)""#

    public func purgeDeletedText() async throws -> IndexPurge {
        let tables = Self.purgedTables
        return try await pool.read { connection in
            let blockSize = try await connection.first("SELECT current_setting('block_size')::BIGINT")?.decode(Int64.self) ?? 8192
            func pages() async throws -> Int64 {
                let bytes = try await connection.first(
                    "SELECT coalesce(sum(pg_total_relation_size(t::regclass)), 0)::BIGINT FROM unnest(\(tables)) t"
                )?.decode(Int64.self) ?? 0
                return bytes / blockSize
            }
            let before = try await pages()
            try await connection.run(
                """
                DELETE FROM jobs j
                WHERE j.state IN ('completed', 'dead', 'cancelled')
                    AND substring(j.payload FROM \(Self.recordingIdPattern)) IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.id = substring(j.payload FROM \(Self.recordingIdPattern)))
                """)
            for table in tables {
                try await connection.run("VACUUM (FULL) \(unescaped: table)")
            }
            let after = try await pages()
            return IndexPurge(pagesBefore: before, pagesAfter: after, freePagesAfter: 0, pageSize: blockSize, checkpointComplete: true)
        }
    }
}
