import Essentials
import PostgresNIO
public import Transcripts

extension PostgresCatalog {
    /// PostgreSQL's full-text search over the segments' GIN-indexed `tsvector`s: the same hits as
    /// the SQLite engine (the same tokens, folded the same way), ranked by `ts_rank` (ties in call
    /// and segment order), with `ts_headline` snippets (a short segment whole, a long one as one
    /// fragment of 8 to 16 words); partial phone numbers through the calls' trigram indexes. Like
    /// SQLite, it ranks at most the newest ``Transcripts/SearchOptions/rankingWindow`` matches and
    /// then reports the total as a lower bound.
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        guard !request.query.isEmpty else {
            throw TranscriptError(.invalidQuery, "the search asks for nothing: give at least one word that must appear")
        }
        guard let tsquery = PostgresSearchSyntax.query(request.query) else {
            // Every required term is punctuation only: nothing can match, as in SQLite.
            return SearchResults(total: 0, results: [])
        }
        var binds = PostgresBindings()
        var conditions = ["s.tokens @@ \(try binds.placeholder(tsquery))::tsquery"]
        if let from = request.fromMillis { conditions.append("c.start_time >= \(try binds.placeholder(from))") }
        if let to = request.toMillis { conditions.append("c.start_time < \(try binds.placeholder(to))") }
        if let recordingId = request.recordingId {
            // PostgreSQL's text holds no NUL, so no recording id has one.
            guard !recordingId.unicodeScalars.contains("\0") else { return SearchResults(total: 0, results: []) }
            conditions.append("s.recording_id = \(try binds.placeholder(recordingId))")
        }
        if let phone = request.phone {
            guard let pattern = PhonePattern.parse(phone) else {
                throw TranscriptError(.invalidQuery, "the phone filter \"\(phone)\" has no digits")
            }
            conditions.append(try PostgresSearchSyntax.phoneCondition(pattern) { try binds.placeholder($0) })
        }
        if let direction = request.direction {
            switch direction.lowercased() {
            case "inbound": conditions.append("c.direction = 'Inbound'")
            case "outbound": conditions.append("c.direction = 'Outbound'")
            default: throw TranscriptError(.invalidQuery, "the direction must be inbound or outbound, not \"\(direction)\"")
            }
        }
        if let speaker = request.speaker {
            switch SpeakerFilter.parse(speaker) {
            case .role(let role)?:
                conditions.append("s.speaker_role = \(try binds.placeholder(role))")
            case .name(let tokens)?:
                guard let names = PostgresSearchSyntax.nameQuery(tokens) else { return SearchResults(total: 0, results: []) }
                conditions.append(
                    "to_tsvector('\(PostgresSchema.searchConfiguration)', coalesce(s.speaker_name, '')) @@ \(try binds.placeholder(names))::tsquery")
            case nil:
                throw TranscriptError(.invalidQuery, "the speaker filter \"\(speaker)\" has no letters or digits")
            }
        }
        let body = """
            FROM transcript_segments s
            JOIN recordings r ON r.id = s.recording_id
            JOIN calls c ON c.id = r.call_id
            WHERE \(conditions.joined(separator: " AND "))
            """
        // Counting stops after window + 1 matches: fewer means the count is exact and every match
        // is ranked; more means only the newest window is ranked (newest call first) and the
        // total is a lower bound, as on SQLite.
        let window = min(max(1, SearchOptions.rankingWindow), Int(Int32.max) - 1)
        var countBinds = binds
        let counted = try countBinds.placeholder(window + 1)
        let countStatement = PostgresQuery(
            unsafeSQL: "SELECT count(*) FROM (SELECT 1 \(body) LIMIT \(counted)) AS listed", binds: countBinds)
        let limit = try binds.placeholder(max(0, min(request.limit, 1_000)))
        let offset = try binds.placeholder(max(0, request.offset))
        let snippet = """
            ts_headline('\(PostgresSchema.searchConfiguration)', s.text, $1::tsquery,
                'StartSel=' || chr(2) || ', StopSel=' || chr(3)
                    || CASE WHEN char_length(s.text) <= 160 THEN ', HighlightAll=true'
                        ELSE ', MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "' END)
            """
        // Every match with what its hit shows; ranked whole, or only its newest window.
        let matches = """
            SELECT s.recording_id, s.seq, c.start_time, c.direction, c.from_number, c.to_number, s.speaker_name,
                s.speaker_role, s.start_s, s.end_s, s.text, s.tokens
            \(body)
            """
        func ranked(_ source: String) -> String {
            """
            SELECT s.recording_id, s.start_time, s.direction, s.from_number, s.to_number, s.speaker_name, s.speaker_role,
                s.start_s, s.end_s, \(snippet), ts_rank(s.tokens, $1::tsquery)::float8 AS rank
            FROM \(source)
            ORDER BY rank DESC, s.start_time, s.recording_id, s.seq
            LIMIT \(limit) OFFSET \(offset)
            """
        }
        let everyMatch = PostgresQuery(unsafeSQL: ranked("(\(matches)) s"), binds: binds)
        var windowBinds = binds
        let newest = try windowBinds.placeholder(window)
        let newestMatches = PostgresQuery(
            unsafeSQL: """
                WITH s AS MATERIALIZED (
                    \(matches)
                    ORDER BY c.start_time DESC, s.recording_id DESC, s.seq DESC
                    LIMIT \(newest)
                )
                \(ranked("s"))
                """,
            binds: windowBinds)
        return try await pool.read { connection in
            let count = try await connection.first(countStatement)?.decode(Int.self) ?? 0
            let capped = count > window
            let hits = try await connection.all(capped ? newestMatches : everyMatch).map { row in
                let r = try row.decode((String, Int64, String?, String?, String?, String?, String?, Double, Double, String, Double).self)
                return SearchHit(
                    recordingId: r.0, callStart: Millis.iso8601(r.1), direction: r.2, from: r.3, to: r.4, speaker: r.5 ?? r.6,
                    start: r.7, end: r.8, snippet: PostgresSearchSyntax.marked(r.9), score: r.10)
            }
            return SearchResults(total: min(count, window), totalIsExact: !capped, results: hits)
        }
    }
}
