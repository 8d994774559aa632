import Archive
import Foundation
import PostgresNIO
public import Transcripts

extension PostgresCatalog: TranscriptCatalog {
    public func transcriptStatus(recordingId: String) async throws -> TranscriptStatus? {
        try await pool.read { connection in try await Self.transcriptStatus(recordingId, connection: connection) }
    }

    static func transcriptStatus(_ recordingId: String, lock: Bool = false, connection: PostgresConnection) async throws
        -> TranscriptStatus?
    {
        try await connection.first(
            """
            SELECT state, reason, version_ms, source, ai_job_id FROM transcripts WHERE recording_id = \(recordingId)
            \(unescaped: lock ? "FOR UPDATE" : "")
            """
        ).map { row in
            let (state, reason, version, source, aiJobId) = try row.decode((String, String?, Int64?, String?, String?).self)
            return TranscriptStatus(
                state: TranscriptState(rawValue: state) ?? .pending, reason: reason, versionMillis: version,
                source: source.flatMap(TranscriptSource.init(rawValue:)), aiJobId: aiJobId)
        }
    }

    public func storedTranscript(recordingId: String) async throws -> StoredTranscript? {
        try await pool.read { connection in
            guard
                let row = try await connection.first(
                    """
                    SELECT source, version_ms, language, speakers, insights, redactions, relative_path, bytes, sha256
                    FROM transcripts WHERE recording_id = \(recordingId) AND state = 'available'
                    """)
            else { return nil }
            let r = try row.decode((String?, Int64?, String?, String?, String?, String?, String?, Int64?, String?).self)
            let decoder = JSONDecoder()
            func decode<T: Decodable>(_ type: T.Type, _ text: String?, default value: T) -> T {
                text.flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) } ?? value
            }
            let segments = try await connection.all(
                """
                SELECT speaker_id, start_s, end_s, text, words FROM transcript_segments
                WHERE recording_id = \(recordingId) ORDER BY seq
                """
            ).map { segment in
                let s = try segment.decode((String?, Double, Double, String, String?).self)
                return TranscriptSegment(
                    speakerId: s.0, start: s.1, end: s.2, text: s.3,
                    words: s.4.flatMap { try? decoder.decode([TranscriptWord].self, from: Data($0.utf8)) })
            }
            let transcript = Transcript(
                source: r.0.flatMap(TranscriptSource.init(rawValue:)) ?? .ringsense, versionMillis: r.1 ?? 0, language: r.2,
                speakers: decode([TranscriptSpeaker].self, r.3, default: []), segments: segments,
                insights: decode(TranscriptInsights.self, r.4, default: TranscriptInsights()),
                redactions: decode([TranscriptRedaction].self, r.5, default: []))
            return StoredTranscript(
                recordingId: recordingId, transcript: transcript,
                file: TranscriptFile(relativePath: r.6 ?? "", bytes: r.7 ?? 0, sha256: r.8 ?? ""))
        }
    }

    /// Rows, segments and their `tsvector`s in one transaction; the transcript's row is locked
    /// first, so two machines storing versions of one transcript keep the newer.
    public func replaceTranscript(recordingId: String, transcript: Transcript, file: TranscriptFile) async throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let speakers = try json(transcript.speakers)
        let insights = try json(transcript.insights)
        let redactions = try json(transcript.redactions)
        // Segments travel as one JSON array (NULLs included) that `jsonb_to_recordset` unpacks.
        var rows: [[String: Any]] = []
        for (seq, segment) in transcript.segments.enumerated() {
            let speaker = transcript.speaker(segment.speakerId)
            rows.append([
                "seq": seq, "speaker_id": segment.speakerId ?? NSNull(), "speaker_name": speaker?.name ?? NSNull(),
                "speaker_role": speaker?.role ?? NSNull(), "start_s": segment.start, "end_s": segment.end, "text": segment.text,
                "words": try segment.words.map(json) ?? NSNull(), "tokens": PostgresSearchSyntax.vector(segment.text),
            ])
        }
        let segments = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
        let hasSegments = !rows.isEmpty
        return try await write { connection, now -> Bool in
            guard try await connection.first("SELECT 1 FROM recordings WHERE id = \(recordingId) FOR SHARE") != nil else {
                throw TranscriptError(.notFound, "recording \(recordingId) is not in the catalog")
            }
            try await connection.run(
                """
                INSERT INTO transcripts (recording_id, state, updated_at) VALUES (\(recordingId), 'pending', \(now))
                ON CONFLICT (recording_id) DO NOTHING
                """)
            if let current = try await Self.transcriptStatus(recordingId, lock: true, connection: connection),
                current.state == .available, let version = current.versionMillis, version >= transcript.versionMillis
            {
                return false
            }
            try await connection.run(
                """
                UPDATE transcripts SET state = 'available', reason = NULL, ai_job_id = NULL,
                    source = \(transcript.source.rawValue), version_ms = \(transcript.versionMillis),
                    language = \(transcript.language), speakers = \(speakers), insights = \(insights),
                    redactions = \(redactions), relative_path = \(file.relativePath), bytes = \(file.bytes),
                    sha256 = \(file.sha256), updated_at = \(now)
                WHERE recording_id = \(recordingId)
                """)
            try await connection.run("DELETE FROM transcript_segments WHERE recording_id = \(recordingId)")
            guard hasSegments else { return true }
            try await connection.run(
                """
                INSERT INTO transcript_segments (recording_id, seq, speaker_id, speaker_name, speaker_role, start_s, end_s,
                    text, words, tokens)
                SELECT \(recordingId), seq, speaker_id, speaker_name, speaker_role, start_s, end_s, text, words, tokens::tsvector
                FROM jsonb_to_recordset(\(segments)::jsonb) AS t (seq integer, speaker_id text, speaker_name text,
                    speaker_role text, start_s float8, end_s float8, text text, words text, tokens text)
                """)
            return true
        }
    }

    public func setTranscriptStatus(recordingId: String, _ status: TranscriptStatus) async throws {
        precondition(status.state != .available, "an available transcript is stored with replaceTranscript")
        try await write { connection, now in
            try await connection.run(
                """
                INSERT INTO transcripts (recording_id, state, reason, ai_job_id, updated_at)
                VALUES (\(recordingId), \(status.state.rawValue), \(status.reason), \(status.aiJobId), \(now))
                ON CONFLICT (recording_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                    ai_job_id = excluded.ai_job_id, updated_at = excluded.updated_at
                WHERE transcripts.state != 'available'
                """)
        }
    }

    public func recordingId(aiJobId: String) async throws -> String? {
        try await pool.read { connection in
            try await connection.first("SELECT recording_id FROM transcripts WHERE ai_job_id = \(aiJobId) LIMIT 1")?
                .decode(String.self)
        }
    }

    public func transcriptFiles() async throws -> [String: TranscriptFile] {
        try await pool.read { connection in
            var files: [String: TranscriptFile] = [:]
            for row in try await connection.all(
                "SELECT recording_id, relative_path, bytes, sha256 FROM transcripts WHERE state = 'available'")
            {
                let (id, path, bytes, sha256) = try row.decode((String, String?, Int64?, String?).self)
                files[id] = TranscriptFile(relativePath: path ?? "", bytes: bytes ?? 0, sha256: sha256 ?? "")
            }
            return files
        }
    }
}
