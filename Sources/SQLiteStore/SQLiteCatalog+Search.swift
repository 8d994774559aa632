import Essentials
import GRDB
public import Transcripts

extension SQLiteCatalog {
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        guard !request.query.isEmpty else {
            throw TranscriptError(.invalidQuery, "the search asks for nothing: give at least one word that must appear")
        }
        let match = SQLiteSearchSyntax.match(request.query)
        var conditions = ["transcript_fts MATCH ?"]
        var arguments: StatementArguments = [match]
        if let from = request.fromMillis {
            conditions.append("transcript_fts.rowid >= ?")
            arguments += [max(0, from / 1000) * SQLiteTranscriptSchema.segmentsPerSecond]
            conditions.append("c.start_time >= ?")
            arguments += [from]
        }
        if let to = request.toMillis {
            conditions.append("transcript_fts.rowid < ?")
            arguments += [(max(0, to) / 1000 + 1) * SQLiteTranscriptSchema.segmentsPerSecond]
            conditions.append("c.start_time < ?")
            arguments += [to]
        }
        if let recordingId = request.recordingId {
            conditions.append("s.recording_id = ?")
            arguments += [recordingId]
        }
        if let phone = request.phone {
            guard let digits = SQLiteSearchSyntax.phoneDigits(phone) else {
                throw TranscriptError(.invalidQuery, "--phone \(phone) has no digits")
            }
            conditions.append("(instr(c.from_digits, ?) > 0 OR instr(c.to_digits, ?) > 0)")
            arguments += [digits, digits]
        }
        if let direction = request.direction {
            conditions.append("c.direction = ?")
            arguments += [direction.prefix(1).uppercased() + direction.dropFirst().lowercased()]
        }
        if let speaker = request.speaker {
            let lowered = speaker.lowercased()
            if lowered == "agent" || lowered == "customer" {
                conditions.append("s.speaker_role = ?")
                arguments += [lowered]
            } else {
                conditions.append("s.speaker_name LIKE ? ESCAPE '\\'")
                arguments += ["%" + SQLiteSearchSyntax.escapeLike(speaker) + "%"]
            }
        }
        let body = """
            FROM transcript_fts
            JOIN transcript_segments s ON s.id = transcript_fts.rowid
            JOIN recordings r ON r.id = s.recording_id
            JOIN calls c ON c.id = r.call_id
            WHERE \(conditions.joined(separator: " AND "))
            """
        let limit = max(0, min(request.limit, 1_000))
        let offset = max(0, request.offset)
        let countArguments = arguments
        let pageArguments = arguments + [limit, offset]
        return try await database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) \(body)", arguments: countArguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.recording_id, c.start_time, c.direction, c.from_number, c.to_number, s.speaker_name,
                        s.speaker_role, s.start_s, s.end_s, snippet(transcript_fts, 0, char(2), char(3), '…', 16),
                        bm25(transcript_fts)
                    \(body)
                    ORDER BY bm25(transcript_fts), transcript_fts.rowid
                    LIMIT ? OFFSET ?
                    """,
                arguments: pageArguments)
            let hits = rows.map { row in
                SearchHit(
                    recordingId: row[0], callStart: Millis.iso8601(row[1]), direction: row[2], from: row[3], to: row[4],
                    speaker: (row[5] as String?) ?? (row[6] as String?), start: row[7], end: row[8],
                    snippet: SQLiteSearchSyntax.marked(row[9]), score: -(row[10] as Double))
            }
            return SearchResults(total: total, results: hits)
        }
    }
}
