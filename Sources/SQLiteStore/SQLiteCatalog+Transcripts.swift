import Archive
import Foundation
import GRDB
public import Transcripts

extension SQLiteCatalog: TranscriptCatalog {
    public func transcriptStatus(recordingId: String) async throws -> TranscriptStatus? {
        try await database.read { db in try Self.transcriptStatus(recordingId, in: db) }
    }

    static func transcriptStatus(_ recordingId: String, in db: Database) throws -> TranscriptStatus? {
        // Cached statements here and in replaceTranscript: every transcript stored runs them, and
        // compiling them (through GRDB's authorizer) cost about as much as running them.
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT state, reason, version_ms, source, ai_job_id FROM transcripts WHERE recording_id = ?"),
            arguments: [recordingId]
        ).map { row in
            TranscriptStatus(
                state: TranscriptState(rawValue: row[0]) ?? .pending, reason: row[1], versionMillis: row[2],
                source: (row[3] as String?).flatMap(TranscriptSource.init(rawValue:)), aiJobId: row[4])
        }
    }

    public func storedTranscript(recordingId: String) async throws -> StoredTranscript? {
        try await database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT source, version_ms, language, speakers, insights, redactions, relative_path, bytes, sha256
                        FROM transcripts WHERE recording_id = ? AND state = 'available'
                        """,
                    arguments: [recordingId])
            else { return nil }
            let decoder = JSONDecoder()
            func decode<T: Decodable>(_ type: T.Type, _ text: String?, default value: T) -> T {
                text.flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) } ?? value
            }
            let segments = try Row.fetchAll(
                db,
                sql: """
                    SELECT speaker_id, start_s, end_s, text, words FROM transcript_segments
                    WHERE recording_id = ? ORDER BY seq
                    """,
                arguments: [recordingId]
            ).map { segment in
                TranscriptSegment(
                    speakerId: segment[0], start: segment[1], end: segment[2], text: segment[3],
                    words: (segment[4] as String?).flatMap { try? decoder.decode([TranscriptWord].self, from: Data($0.utf8)) })
            }
            let transcript = Transcript(
                source: TranscriptSource(rawValue: row[0]) ?? .ringsense, versionMillis: row[1], language: row[2],
                speakers: decode([TranscriptSpeaker].self, row[3], default: []), segments: segments,
                insights: decode(TranscriptInsights.self, row[4], default: TranscriptInsights()),
                redactions: decode([TranscriptRedaction].self, row[5], default: []))
            return StoredTranscript(
                recordingId: recordingId, transcript: transcript,
                file: TranscriptFile(relativePath: row[6] ?? "", bytes: row[7] ?? 0, sha256: row[8] ?? ""))
        }
    }

    public func replaceTranscript(recordingId: String, transcript: Transcript, file: TranscriptFile) async throws -> Bool {
        try await write { db, now in
            try Self.replaceTranscript(recordingId, transcript: transcript, file: file, in: db, now: now)
        }
    }

    static func replaceTranscript(
        _ recordingId: String, transcript: Transcript, file: TranscriptFile, in db: Database, now: Int64
    ) throws -> Bool {
        if let current = try transcriptStatus(recordingId, in: db), current.state == .available,
            let version = current.versionMillis, version >= transcript.versionMillis
        {
            return false
        }
        guard
            let start = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT c.start_time FROM recordings r JOIN calls c ON c.id = r.call_id WHERE r.id = ?"),
                arguments: [recordingId])
        else {
            throw TranscriptError(.notFound, "recording \(recordingId) is not in the catalog")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        try db.cachedStatement(
            sql: """
                INSERT INTO transcripts (recording_id, state, reason, source, version_ms, language, speakers, insights,
                    redactions, relative_path, bytes, sha256, updated_at)
                VALUES (?1, 'available', NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                ON CONFLICT (recording_id) DO UPDATE SET state = 'available', reason = NULL, ai_job_id = NULL, source = ?2,
                    version_ms = ?3,
                    language = ?4, speakers = ?5, insights = ?6, redactions = ?7, relative_path = ?8, bytes = ?9,
                    sha256 = ?10, updated_at = ?11
                """
        ).execute(
            arguments: [
                recordingId, transcript.source.rawValue, transcript.versionMillis, transcript.language,
                try json(transcript.speakers), try json(transcript.insights), try json(transcript.redactions), file.relativePath,
                file.bytes, file.sha256, now,
            ])
        try db.cachedStatement(sql: "DELETE FROM transcript_segments WHERE recording_id = ?").execute(arguments: [recordingId])
        var id = try firstFreeSegmentId(callStartMillis: start, in: db)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO transcript_segments (id, recording_id, seq, speaker_id, speaker_name, speaker_role, start_s, end_s,
                    text, words)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (seq, segment) in transcript.segments.enumerated() {
            let speaker = transcript.speaker(segment.speakerId)
            try insert.execute(arguments: [
                id, recordingId, seq, segment.speakerId, speaker?.name, speaker?.role, segment.start, segment.end, segment.text,
                try segment.words.map(json),
            ])
            id += 1
        }
        return true
    }

    /// The first free segment id in the block of the call's start second.
    static func firstFreeSegmentId(callStartMillis: Int64, in db: Database) throws -> Int64 {
        let base = max(0, callStartMillis / 1000) * SQLiteTranscriptSchema.segmentsPerSecond
        let used = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT max(id) FROM transcript_segments WHERE id >= ? AND id < ?"),
            arguments: [base, base + SQLiteTranscriptSchema.segmentsPerSecond])
        return used.map { $0 + 1 } ?? base
    }

    public func setTranscriptStatus(recordingId: String, _ status: TranscriptStatus) async throws {
        precondition(status.state != .available, "an available transcript is stored with replaceTranscript")
        try await write { db, now in
            try db.execute(
                sql: """
                    INSERT INTO transcripts (recording_id, state, reason, ai_job_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT (recording_id) DO UPDATE SET state = ?2, reason = ?3, ai_job_id = ?4, updated_at = ?5
                    WHERE transcripts.state != 'available'
                    """,
                arguments: [recordingId, status.state.rawValue, status.reason, status.aiJobId, now])
        }
    }

    public func recordingId(aiJobId: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT recording_id FROM transcripts WHERE ai_job_id = ?", arguments: [aiJobId])
        }
    }

    public func transcriptFiles() async throws -> [String: TranscriptFile] {
        try await database.read { db in
            var files: [String: TranscriptFile] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT recording_id, relative_path, bytes, sha256 FROM transcripts WHERE state = 'available'")
            {
                files[row[0]] = TranscriptFile(relativePath: row[1], bytes: row[2], sha256: row[3])
            }
            return files
        }
    }
}
