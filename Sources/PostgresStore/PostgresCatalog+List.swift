public import Archive
import PostgresNIO
import Transcripts

extension PostgresCatalog {
    public func listRecordings(_ query: RecordingQuery) async throws -> RecordingPage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let state = query.state {
            let value = try binds.placeholder(state.rawValue)
            conditions.append("r.state = \(value)")
        }
        if let from = query.fromMillis {
            let value = try binds.placeholder(from)
            conditions.append("c.start_time >= \(value)")
        }
        if let to = query.toMillis {
            let value = try binds.placeholder(to)
            conditions.append("c.start_time < \(value)")
        }
        if let phone = query.phone {
            guard let pattern = PhonePattern.parse(phone) else {
                throw ArchiveError(.invalidArgument, "the phone filter \"\(phone)\" has no digits")
            }
            conditions.append(try PostgresSearchSyntax.phoneCondition(pattern) { try binds.placeholder($0) })
        }
        if let direction = query.direction {
            let value = try binds.placeholder(direction.prefix(1).uppercased() + direction.dropFirst().lowercased())
            conditions.append("c.direction = \(value)")
        }
        if let hasTranscript = query.hasTranscript {
            conditions.append(hasTranscript ? "t.state = 'available'" : "(t.state IS NULL OR t.state != 'available')")
        }
        if let cursor = query.cursor {
            let position = try RecordingCursor(parsing: cursor)
            let startBind = try binds.placeholder(position.startMillis)
            let idBind = try binds.placeholder(position.recordingId)
            conditions.append("(c.start_time < \(startBind) OR (c.start_time = \(startBind) AND r.id > \(idBind)))")
        }
        let limit = max(1, min(query.limit, 500))
        let limitBind = try binds.placeholder(limit + 1)
        let sql = """
            SELECT r.id, r.call_id, c.start_time, c.duration_seconds, c.direction, c.from_number, c.from_name, c.to_number,
                c.to_name, r.state, f.format, f.bytes, t.state
            FROM recordings r
            JOIN calls c ON c.id = r.call_id
            LEFT JOIN files f ON f.recording_id = r.id AND f.role = 'audio'
            LEFT JOIN transcripts t ON t.recording_id = r.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY c.start_time DESC, r.id
            LIMIT \(limitBind)
            """
        let statement = PostgresQuery(unsafeSQL: sql, binds: binds)
        let rows = try await pool.read { connection in
            try await connection.all(statement).map { row in
                let r = try row.decode(
                    (String, String, Int64, Int64?, String?, String?, String?, String?, String?, String, String?, Int64?, String?)
                        .self)
                return RecordingSummary(
                    id: r.0, callId: r.1, callStartMillis: r.2, durationSeconds: r.3, direction: r.4, fromNumber: r.5,
                    fromName: r.6, toNumber: r.7, toName: r.8, state: RecordingState(rawValue: r.9) ?? .pending,
                    audioFormat: r.10, audioBytes: r.11, transcriptState: r.12)
            }
        }
        let summaries = Array(rows.prefix(limit))
        let next = rows.count > limit
            ? summaries.last.map { RecordingCursor(startMillis: $0.callStartMillis, recordingId: $0.id).text } : nil
        return RecordingPage(recordings: summaries, nextCursor: next)
    }
}
