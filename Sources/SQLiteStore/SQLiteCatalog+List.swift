public import Archive
import Foundation
import GRDB
import Transcripts

extension SQLiteCatalog {
    public func listRecordings(_ query: RecordingQuery) async throws -> RecordingPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let state = query.state {
            conditions.append("r.state = ?")
            arguments += [state.rawValue]
        }
        if let from = query.fromMillis {
            conditions.append("c.start_time >= ?")
            arguments += [from]
        }
        if let to = query.toMillis {
            conditions.append("c.start_time < ?")
            arguments += [to]
        }
        if let phone = query.phone {
            guard let pattern = PhonePattern.parse(phone) else {
                throw ArchiveError(.invalidArgument, "the phone filter \"\(phone)\" has no digits")
            }
            let (condition, phoneArguments) = SQLiteSearchPlan.phoneCondition(pattern)
            conditions.append(condition)
            arguments += phoneArguments
        }
        if let direction = query.direction {
            conditions.append("c.direction = ?")
            arguments += [direction.prefix(1).uppercased() + direction.dropFirst().lowercased()]
        }
        if let hasTranscript = query.hasTranscript {
            conditions.append(hasTranscript ? "t.state = 'available'" : "(t.state IS NULL OR t.state != 'available')")
        }
        if let cursor = query.cursor {
            let position = try RecordingCursor(parsing: cursor)
            conditions.append("(c.start_time < ? OR (c.start_time = ? AND r.id > ?))")
            arguments += [position.startMillis, position.startMillis, position.recordingId]
        }
        let limit = max(1, min(query.limit, 500))
        arguments += [limit + 1]
        let sql = """
            SELECT r.id, r.call_id, c.start_time, c.duration_seconds, c.direction, c.from_number, c.from_name, c.to_number,
                c.to_name, r.state, f.format, f.bytes, t.state
            FROM recordings r
            JOIN calls c ON c.id = r.call_id
            LEFT JOIN files f ON f.recording_id = r.id AND f.role = 'audio'
            LEFT JOIN transcripts t ON t.recording_id = r.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY c.start_time DESC, r.id
            LIMIT ?
            """
        let page = arguments
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: page).map { row in
                RecordingSummary(
                    id: row[0], callId: row[1], callStartMillis: row[2], durationSeconds: row[3], direction: row[4],
                    fromNumber: row[5], fromName: row[6], toNumber: row[7], toName: row[8],
                    state: RecordingState(rawValue: row[9]) ?? .pending, audioFormat: row[10], audioBytes: row[11],
                    transcriptState: row[12])
            }
        }
        let summaries = Array(rows.prefix(limit))
        let next = rows.count > limit ? summaries.last.map { RecordingCursor(startMillis: $0.callStartMillis, recordingId: $0.id).text } : nil
        return RecordingPage(recordings: summaries, nextCursor: next)
    }
}
