import Archive
import PostgresNIO

extension PostgresCatalog {
    static let callColumns = """
        id, session_id, telephony_session_id, start_time, duration_seconds, direction, from_number, from_name, to_number,
        to_name, result, qualification, deciding_leg, record_json
        """

    static func callEntry(_ row: PostgresRow) throws -> CallEntry {
        let r = try row.decode(
            (String, String?, String?, Int64, Int64?, String?, String?, String?, String?, String?, String?, String, Int?, String).self)
        return CallEntry(
            id: r.0, sessionId: r.1, telephonySessionId: r.2, startTimeMillis: r.3, durationSeconds: r.4, direction: r.5,
            fromNumber: r.6, fromName: r.7, toNumber: r.8, toName: r.9, result: r.10, qualification: r.11, decidingLeg: r.12,
            recordJSON: r.13)
    }

    static let recordingColumns = """
        id, call_id, content_uri, recording_type, expected_duration_seconds, state, content_type, received_bytes,
        received_sha256, tmp_path, last_error, expected_duration_exact
        """

    static func recordingEntry(_ row: PostgresRow) throws -> RecordingEntry {
        let r = try row.decode(
            (String, String, String, String?, Int64?, String, String?, Int64?, String?, String?, String?, Bool?).self)
        return RecordingEntry(
            id: r.0, callId: r.1, contentUri: r.2, recordingType: r.3, expectedDurationSeconds: r.4,
            state: RecordingState(rawValue: r.5) ?? .pending, contentType: r.6, receivedBytes: r.7, receivedSHA256: r.8,
            tmpPath: r.9, lastError: r.10, expectedDurationIsExact: r.11)
    }

    static let fileColumns = "recording_id, role, relative_path, bytes, sha256, format, created_at"

    static func storedFile(_ row: PostgresRow) throws -> StoredFile {
        let r = try row.decode((String, String, String, Int64, String, String, Int64).self)
        return StoredFile(
            recordingId: r.0, role: FileRole(rawValue: r.1) ?? .audio, relativePath: r.2, bytes: r.3, sha256: r.4, format: r.5,
            createdAt: r.6)
    }

    // MARK: - Calls

    /// The call with that id, or `nil`; `lock` holds its row until the transaction ends.
    static func call(_ id: String, lock: Bool = false, connection: PostgresConnection) async throws -> CallEntry? {
        try await connection.first(
            "SELECT \(unescaped: callColumns) FROM calls WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")"
        ).map(callEntry)
    }

    /// Inserts a call, or updates it when any field changed (`first_seen_at` is kept). Two
    /// machines upserting the same call at once serialize on its row.
    static func upsertCall(_ call: CallEntry, connection: PostgresConnection, now: Int64) async throws -> UpsertOutcome {
        if try await insertCallIfNew(call, firstSeenAt: now, connection: connection) { return .inserted }
        guard let existing = try await self.call(call.id, lock: true, connection: connection) else {
            throw ArchiveError(.notFound, "call \(call.id) vanished while it was updated")
        }
        if existing == call { return .unchanged }
        try await connection.run(
            """
            UPDATE calls SET session_id = \(call.sessionId), telephony_session_id = \(call.telephonySessionId),
                start_time = \(call.startTimeMillis), duration_seconds = \(call.durationSeconds), direction = \(call.direction),
                from_number = \(call.fromNumber), from_name = \(call.fromName), to_number = \(call.toNumber),
                to_name = \(call.toName), result = \(call.result), qualification = \(call.qualification),
                deciding_leg = \(call.decidingLeg), record_json = \(call.recordJSON), updated_at = \(now),
                from_digits = \(CallEntry.digits(of: call.fromNumber)), to_digits = \(CallEntry.digits(of: call.toNumber))
            WHERE id = \(call.id)
            """)
        return .updated
    }

    private static func insertCallIfNew(_ call: CallEntry, firstSeenAt: Int64, connection: PostgresConnection) async throws -> Bool {
        try await connection.first(
            """
            INSERT INTO calls (id, session_id, telephony_session_id, start_time, duration_seconds, direction, from_number,
                from_name, to_number, to_name, result, qualification, deciding_leg, record_json, first_seen_at, updated_at,
                from_digits, to_digits)
            VALUES (\(call.id), \(call.sessionId), \(call.telephonySessionId), \(call.startTimeMillis), \(call.durationSeconds),
                \(call.direction), \(call.fromNumber), \(call.fromName), \(call.toNumber), \(call.toName), \(call.result),
                \(call.qualification), \(call.decidingLeg), \(call.recordJSON), \(firstSeenAt), \(firstSeenAt),
                \(CallEntry.digits(of: call.fromNumber)), \(CallEntry.digits(of: call.toNumber)))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """) != nil
    }

    /// Inserts or replaces a call with explicit timestamps (reindexing).
    static func replaceCall(_ call: CallEntry, firstSeenAt: Int64, updatedAt: Int64, connection: PostgresConnection) async throws {
        try await connection.run(
            """
            INSERT INTO calls (id, session_id, telephony_session_id, start_time, duration_seconds, direction, from_number,
                from_name, to_number, to_name, result, qualification, deciding_leg, record_json, first_seen_at, updated_at,
                from_digits, to_digits)
            VALUES (\(call.id), \(call.sessionId), \(call.telephonySessionId), \(call.startTimeMillis), \(call.durationSeconds),
                \(call.direction), \(call.fromNumber), \(call.fromName), \(call.toNumber), \(call.toName), \(call.result),
                \(call.qualification), \(call.decidingLeg), \(call.recordJSON), \(firstSeenAt), \(updatedAt),
                \(CallEntry.digits(of: call.fromNumber)), \(CallEntry.digits(of: call.toNumber)))
            ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id,
                telephony_session_id = excluded.telephony_session_id, start_time = excluded.start_time,
                duration_seconds = excluded.duration_seconds, direction = excluded.direction,
                from_number = excluded.from_number, from_name = excluded.from_name, to_number = excluded.to_number,
                to_name = excluded.to_name, result = excluded.result, qualification = excluded.qualification,
                deciding_leg = excluded.deciding_leg, record_json = excluded.record_json,
                first_seen_at = excluded.first_seen_at, updated_at = excluded.updated_at,
                from_digits = excluded.from_digits, to_digits = excluded.to_digits
            """)
    }

    /// `first_seen_at` and `updated_at` of a call.
    static func callTimestamps(_ id: String, connection: PostgresConnection) async throws -> (firstSeenAt: Int64, updatedAt: Int64)? {
        try await connection.first("SELECT first_seen_at, updated_at FROM calls WHERE id = \(id)")
            .map { try $0.decode((Int64, Int64).self) }
            .map { (firstSeenAt: $0.0, updatedAt: $0.1) }
    }

    // MARK: - Recordings

    /// The recording with that id, or `nil`; `lock` holds its row until the transaction ends.
    static func recording(_ id: String, lock: Bool = false, connection: PostgresConnection) async throws -> RecordingEntry? {
        try await connection.first(
            "SELECT \(unescaped: recordingColumns) FROM recordings WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")"
        ).map(recordingEntry)
    }

    /// Inserts a recording, or refreshes it, never moving its state backwards (the rules of
    /// `SQLiteCatalog`: `call_id`, `content_uri`, `recording_type` and the expected duration always
    /// take the new values; the state and its progress fields only when the state does not go back).
    static func upsertRecording(_ recording: RecordingEntry, connection: PostgresConnection, now: Int64) async throws
        -> UpsertOutcome
    {
        if try await insertRecordingIfNew(recording, now: now, connection: connection) { return .inserted }
        guard let existing = try await self.recording(recording.id, lock: true, connection: connection) else {
            throw ArchiveError(.notFound, "recording \(recording.id) vanished while it was updated")
        }
        let merged = existing.merging(recording)
        if merged == existing { return .unchanged }
        try await connection.run(
            """
            UPDATE recordings SET call_id = \(merged.callId), content_uri = \(merged.contentUri),
                recording_type = \(merged.recordingType), expected_duration_seconds = \(merged.expectedDurationSeconds),
                state = \(merged.state.rawValue), content_type = \(merged.contentType), received_bytes = \(merged.receivedBytes),
                received_sha256 = \(merged.receivedSHA256), tmp_path = \(merged.tmpPath), last_error = \(merged.lastError),
                updated_at = \(now), expected_duration_exact = \(merged.expectedDurationIsExact)
            WHERE id = \(merged.id)
            """)
        return .updated
    }

    private static func insertRecordingIfNew(_ recording: RecordingEntry, now: Int64, connection: PostgresConnection) async throws
        -> Bool
    {
        try await connection.first(
            """
            INSERT INTO recordings (id, call_id, content_uri, recording_type, expected_duration_seconds, state, content_type,
                received_bytes, received_sha256, tmp_path, last_error, created_at, updated_at, expected_duration_exact)
            VALUES (\(recording.id), \(recording.callId), \(recording.contentUri), \(recording.recordingType),
                \(recording.expectedDurationSeconds), \(recording.state.rawValue), \(recording.contentType),
                \(recording.receivedBytes), \(recording.receivedSHA256), \(recording.tmpPath), \(recording.lastError), \(now),
                \(now), \(recording.expectedDurationIsExact))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """) != nil
    }

    /// Inserts or replaces a recording with explicit timestamps (reindexing).
    static func replaceRecording(
        _ recording: RecordingEntry, createdAt: Int64, updatedAt: Int64, connection: PostgresConnection
    ) async throws {
        try await connection.run(
            """
            INSERT INTO recordings (id, call_id, content_uri, recording_type, expected_duration_seconds, state, content_type,
                received_bytes, received_sha256, tmp_path, last_error, created_at, updated_at, expected_duration_exact)
            VALUES (\(recording.id), \(recording.callId), \(recording.contentUri), \(recording.recordingType),
                \(recording.expectedDurationSeconds), \(recording.state.rawValue), \(recording.contentType),
                \(recording.receivedBytes), \(recording.receivedSHA256), \(recording.tmpPath), \(recording.lastError),
                \(createdAt), \(updatedAt), \(recording.expectedDurationIsExact))
            ON CONFLICT (id) DO UPDATE SET call_id = excluded.call_id, content_uri = excluded.content_uri,
                recording_type = excluded.recording_type, expected_duration_seconds = excluded.expected_duration_seconds,
                state = excluded.state, content_type = excluded.content_type, received_bytes = excluded.received_bytes,
                received_sha256 = excluded.received_sha256, tmp_path = excluded.tmp_path, last_error = excluded.last_error,
                created_at = excluded.created_at, updated_at = excluded.updated_at,
                expected_duration_exact = excluded.expected_duration_exact
            """)
    }

    /// `created_at` of a recording.
    static func recordingCreatedAt(_ id: String, connection: PostgresConnection) async throws -> Int64? {
        try await connection.first("SELECT created_at FROM recordings WHERE id = \(id)")?.decode(Int64.self)
    }

    // MARK: - Files

    /// The stored files of a recording, audio first.
    static func files(recordingId: String, connection: PostgresConnection) async throws -> [StoredFile] {
        try await connection.all(
            """
            SELECT \(unescaped: fileColumns) FROM files WHERE recording_id = \(recordingId)
            ORDER BY CASE role WHEN 'audio' THEN 0 WHEN 'original' THEN 1 ELSE 2 END
            """
        ).map(storedFile)
    }

    /// Replaces the `files` rows of a recording.
    static func replaceFiles(recordingId: String, with files: [StoredFile], connection: PostgresConnection) async throws {
        try await connection.run("DELETE FROM files WHERE recording_id = \(recordingId)")
        for file in files {
            try await connection.run(
                """
                INSERT INTO files (recording_id, role, relative_path, bytes, sha256, format, created_at)
                VALUES (\(file.recordingId), \(file.role.rawValue), \(file.relativePath), \(file.bytes), \(file.sha256),
                    \(file.format), \(file.createdAt))
                """)
        }
    }
}
