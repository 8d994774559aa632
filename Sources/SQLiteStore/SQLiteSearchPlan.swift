import Essentials
import Foundation
import GRDB
import Transcripts

/// One search, validated and planned so that its cost follows the rows it can return, not the
/// rows its words occur in.
///
/// 1. Filters on the call become ranges of segment ids (ids are `call second << 20 | n`): a date
///    range is one range; a phone number on a few calls, or one recording, is a few ranges. FTS5
///    answers a rowid range by seeking in its doclists, so a common word on one day reads only
///    that day's matches. Filters that cannot be ranges (a direction, a phone number on very many
///    calls, times that are not whole seconds) are checked per match through the segment's call.
/// 2. A speaker filter is part of the `MATCH` expression (a term on the speaker columns).
/// 3. The newest ``Transcripts/SearchOptions/rankingWindow`` + 1 matches are listed newest first: fewer
///    means the count is exact; more means only the newest window is ranked.
/// 4. The matches are ranked with ``SQLiteSearchRanking`` (BM25 with document frequencies counted
///    here, boundedly), then only the page gets its call, speaker and snippet.
struct SQLiteSearchPlan {
    let request: SearchRequest
    let match: String
    let phrases: [SQLiteSearchSyntax.Phrase]
    let phone: PhonePattern?
    let direction: String?
    /// Segment ids `[lowRowid, highRowid)` cover the date range.
    let lowRowid: Int64
    let highRowid: Int64
    /// Whether the date range needs the call's exact start (bounds not on whole seconds).
    let exactTimes: Bool
    let limit: Int
    let offset: Int
    let window: Int
    let candidateCalls: Int

    /// How many more matches than the page asks for may be ranked together with their snippets
    /// and calls in one pass.
    static let inlineDetails = 40
    /// How many rows a term's exact count may walk before its frequency is estimated from a sample.
    static let frequencySample = SQLiteSearchRanking.estimatedAbove
    /// Segment ids per second of call start.
    static let perSecond = SQLiteTranscriptSchema.segmentsPerSecond
    /// The latest call second whose ids fit in 63 bits.
    static let lastSecond = Int64.max / SQLiteTranscriptSchema.segmentsPerSecond - 1

    /// Validates a request.
    /// - Throws: ``TranscriptError`` `.invalidQuery` for a query that asks for nothing, or a filter
    ///   that cannot mean anything (a phone number without digits, a speaker without letters, a
    ///   direction other than inbound or outbound).
    init(_ request: SearchRequest, window: Int, candidateCalls: Int) throws {
        guard !request.query.isEmpty else {
            throw TranscriptError(.invalidQuery, "the search asks for nothing: give at least one word that must appear")
        }
        self.request = request
        var speaker: SpeakerFilter?
        if let text = request.speaker {
            guard let parsed = SpeakerFilter.parse(text) else {
                throw TranscriptError(.invalidQuery, "the speaker filter \"\(text)\" has no letters or digits")
            }
            speaker = parsed
        }
        if let text = request.phone {
            guard let parsed = PhonePattern.parse(text) else {
                throw TranscriptError(.invalidQuery, "the phone filter \"\(text)\" has no digits")
            }
            phone = parsed
        } else {
            phone = nil
        }
        if let text = request.direction {
            switch text.lowercased() {
            case "inbound": direction = "Inbound"
            case "outbound": direction = "Outbound"
            default: throw TranscriptError(.invalidQuery, "the direction must be inbound or outbound, not \"\(text)\"")
            }
        } else {
            direction = nil
        }
        match = SQLiteSearchSyntax.match(request.query, speaker: speaker)
        phrases = SQLiteSearchSyntax.phrases(request.query, speaker: speaker)
        let fromSecond = request.fromMillis.map { Self.floorSecond($0) } ?? 0
        let toSecond = request.toMillis.map { $0 <= 0 ? -1 : Self.floorSecond($0 - 1) } ?? Self.lastSecond
        lowRowid = min(max(0, fromSecond), Self.lastSecond + 1) * Self.perSecond
        highRowid = (min(max(-1, toSecond), Self.lastSecond) + 1) * Self.perSecond
        exactTimes = (request.fromMillis.map { $0 % 1000 != 0 } ?? false) || (request.toMillis.map { $0 % 1000 != 0 } ?? false)
        limit = min(max(0, request.limit), 1_000)
        offset = max(0, request.offset)
        self.window = min(max(1, window), Int(Int32.max))
        self.candidateCalls = max(0, candidateCalls)
    }

    /// The second of a call start, as segment ids use it (clamped to what ids can hold).
    static func second(_ startMillis: Int64) -> Int64 {
        min(max(0, startMillis / 1000), lastSecond)
    }

    /// The second a millisecond time falls in.
    static func floorSecond(_ millis: Int64) -> Int64 {
        millis >= 0 ? millis / 1000 : -((-(millis + 1)) / 1000) - 1
    }

    // MARK: - Running

    /// Runs the search in one read transaction.
    func run(in db: Database) throws -> SearchResults {
        let empty = SearchResults(total: 0, results: [])
        guard lowRowid < highRowid else { return empty }
        guard let source = try source(in: db) else { return empty }

        // The newest window + 1 matches: the count, and where ranking starts.
        let counting = source.sql(joiningCall: false)
        let listed = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*), min(id) FROM (
                    SELECT transcript_fts.rowid AS id \(counting.sql) ORDER BY transcript_fts.rowid DESC LIMIT ?)
                """,
            arguments: counting.arguments + [window + 1])
        let count: Int = listed?[0] ?? 0
        guard count > 0 else { return empty }
        let capped = count > window
        let total = min(count, window)
        guard limit > 0, offset < total else { return SearchResults(total: total, totalIsExact: !capped, results: []) }

        let weights = try weights(in: db)
        let rank = "\(SQLiteSearchRanking.functionName)(transcript_fts" + String(repeating: ", ?", count: weights.count) + ")"
        let details = """
            s.recording_id, c.start_time, c.direction, c.from_number, c.to_number, s.speaker_name, s.speaker_role,
            s.start_s, s.end_s, snippet(transcript_fts, 0, char(2), char(3), '…', 20)
            """
        // Few matches: rank them and read the page's details in one pass (a snippet per match is
        // cheap then). Many: rank ids only, then read the details of the page's rows alone.
        let inline = total <= offset + limit + Self.inlineDetails
        var ranking = source.sql(joiningCall: inline)
        if capped, let oldest: Int64 = listed?[1] {
            ranking.sql += " AND transcript_fts.rowid > ?"
            ranking.arguments += [oldest]
        }
        let ranked = try Row.fetchAll(
            db,
            sql: """
                SELECT \(rank) AS score, transcript_fts.rowid\(inline ? ", " + details : "")
                \(ranking.sql)
                ORDER BY score DESC, transcript_fts.rowid DESC LIMIT ? OFFSET ?
                """,
            arguments: StatementArguments(weights) + ranking.arguments + [limit, offset])
        let statement =
            inline
            ? nil
            : try db.cachedStatement(
                sql: """
                    SELECT \(details)
                    FROM transcript_fts
                    CROSS JOIN transcript_segments s ON s.id = transcript_fts.rowid
                    CROSS JOIN recordings r ON r.id = s.recording_id
                    CROSS JOIN calls c ON c.id = r.call_id
                    WHERE transcript_fts MATCH ? AND transcript_fts.rowid = ?
                    """)
        var hits: [SearchHit] = []
        hits.reserveCapacity(ranked.count)
        for hit in ranked {
            // The details are in the ranked row after score and id, or fetched for the id.
            var row = hit
            var at = 2
            if let statement {
                guard let fetched = try Row.fetchOne(statement, arguments: [match, hit[1] as Int64]) else { continue }
                row = fetched
                at = 0
            }
            hits.append(
                SearchHit(
                    recordingId: row[at], callStart: Self.iso8601(row[at + 1]), direction: row[at + 2], from: row[at + 3],
                    to: row[at + 4], speaker: (row[at + 5] as String?) ?? (row[at + 6] as String?), start: row[at + 7],
                    end: row[at + 8], snippet: SQLiteSearchSyntax.marked(row[at + 9]), score: hit[0]))
        }
        return SearchResults(total: total, totalIsExact: !capped, results: hits)
    }

    // MARK: - Where the matches come from

    /// Where the matches come from: `FROM … WHERE …` over the matches under every filter.
    struct Source {
        /// `FROM` the FTS table, or candidate seconds joined to it.
        var from: String
        var fromArguments: StatementArguments
        /// Whether a condition reads the segment row, or the call.
        var needsSegment: Bool
        var needsCall: Bool
        /// `WHERE …` (the `MATCH` first).
        var conditions: String
        var conditionArguments: StatementArguments

        /// The SQL and its arguments, joining segment, recording and call when a condition or
        /// `joiningCall` needs them.
        func sql(joiningCall: Bool) -> (sql: String, arguments: StatementArguments) {
            var sql = from
            if needsSegment || needsCall || joiningCall {
                sql += " CROSS JOIN transcript_segments s ON s.id = transcript_fts.rowid"
            }
            if needsCall || joiningCall {
                sql += " CROSS JOIN recordings r ON r.id = s.recording_id CROSS JOIN calls c ON c.id = r.call_id"
            }
            return (sql + " " + conditions, fromArguments + conditionArguments)
        }
    }

    /// The matches under every filter, or `nil` when the filters leave nothing to search.
    private func source(in db: Database) throws -> Source? {
        var seconds: [Int64]?
        var conditions: [String] = []
        var arguments: StatementArguments = []
        var needsCall = false
        var needsSegment = false

        if let recordingId = request.recordingId {
            guard
                let start = try Int64.fetchOne(
                    db, sql: "SELECT c.start_time FROM recordings r JOIN calls c ON c.id = r.call_id WHERE r.id = ?",
                    arguments: [recordingId])
            else { return nil }
            seconds = [Self.second(start)]
            conditions.append("s.recording_id = ?")
            arguments += [recordingId]
            needsSegment = true
        } else if let phone {
            let candidates = try candidateRecordings(phone, in: db)
            guard !candidates.isEmpty else { return nil }
            if candidates.count <= candidateCalls {
                seconds = Array(Set(candidates.map { Self.second($0.start) })).sorted()
                conditions.append("s.recording_id IN (SELECT value FROM json_each(?))")
                arguments += [Self.jsonArray(candidates.map(\.recordingId))]
                needsSegment = true
            }
        }
        if let phone, seconds == nil || request.recordingId != nil {
            let (sql, values) = Self.phoneCondition(phone)
            conditions.append(sql)
            arguments += values
            needsCall = true
        }
        if let direction, seconds == nil || request.recordingId != nil {
            conditions.append("c.direction = ?")
            arguments += [direction]
            needsCall = true
        }
        if exactTimes {
            if let from = request.fromMillis {
                conditions.append("c.start_time >= ?")
                arguments += [from]
            }
            if let to = request.toMillis {
                conditions.append("c.start_time < ?")
                arguments += [to]
            }
            needsCall = true
        }

        var from = "FROM transcript_fts"
        var fromArguments: StatementArguments = []
        if let seconds {
            from = """
                FROM json_each(?) AS j
                CROSS JOIN transcript_fts ON transcript_fts.rowid >= j.value * \(Self.perSecond)
                    AND transcript_fts.rowid < (j.value + 1) * \(Self.perSecond)
                """
            fromArguments += [Self.jsonArray(seconds.reversed())]
        }
        var filter = "WHERE transcript_fts MATCH ?"
        var whereArguments: StatementArguments = [match]
        if request.fromMillis != nil {
            filter += " AND transcript_fts.rowid >= ?"
            whereArguments += [lowRowid]
        }
        if request.toMillis != nil {
            filter += " AND transcript_fts.rowid < ?"
            whereArguments += [highRowid]
        }
        for condition in conditions { filter += " AND " + condition }
        return Source(
            from: from, fromArguments: fromArguments, needsSegment: needsSegment, needsCall: needsCall, conditions: filter,
            conditionArguments: whereArguments + arguments)
    }

    /// The recordings of calls with the phone number (and the direction and times), at most one
    /// more than ``SQLiteSearchOptions/candidateCalls``.
    private func candidateRecordings(_ phone: PhonePattern, in db: Database) throws -> [(recordingId: String, start: Int64)] {
        let (condition, values) = Self.phoneCondition(phone)
        var sql = "SELECT r.id, c.start_time FROM calls c JOIN recordings r ON r.call_id = c.id WHERE \(condition)"
        var arguments = values
        if let from = request.fromMillis {
            sql += " AND c.start_time >= ?"
            arguments += [from]
        }
        if let to = request.toMillis {
            sql += " AND c.start_time < ?"
            arguments += [to]
        }
        if let direction {
            sql += " AND c.direction = ?"
            arguments += [direction]
        }
        sql += " LIMIT ?"
        arguments += [candidateCalls + 1]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { (recordingId: $0[0], start: $0[1]) }
    }

    /// The SQL condition on `calls c` for a phone pattern, each comparison an index range.
    static func phoneCondition(_ phone: PhonePattern) -> (String, StatementArguments) {
        let digits = phone.digits
        switch phone.kind {
        case .trailing where digits.count <= SQLiteTranscriptSchema.reversedDigits:
            let reversed = String(digits.reversed())
            return (
                "((c.from_digits_rev >= ? AND c.from_digits_rev < ?) OR (c.to_digits_rev >= ? AND c.to_digits_rev < ?))",
                [reversed, reversed + ":", reversed, reversed + ":"]
            )
        case .leading:
            return (
                "((c.from_digits >= ? AND c.from_digits < ?) OR (c.to_digits >= ? AND c.to_digits < ?))",
                [digits, digits + ":", digits, digits + ":"]
            )
        case .whole, .trailing:
            return ("(c.from_digits = ? OR c.to_digits = ?)", [digits, digits])
        }
    }

    // MARK: - Ranking weights

    /// One `callvault_rank` argument per phrase (see ``SQLiteSearchRanking``): document
    /// frequencies of the wanted terms, `NULL` for the others. A single wanted term needs none
    /// (its IDF scales every score alike), so it costs nothing.
    private func weights(in db: Database) throws -> [DatabaseValue] {
        let wantedCount = phrases.filter { if case .wanted = $0 { true } else { false } }.count
        var sample: Int64?? = .none
        func sampleStart() throws -> Int64? {
            if case .some(let start) = sample { return start }
            let start = try Int64.fetchOne(
                db, sql: "SELECT id FROM transcript_fts_docsize ORDER BY id DESC LIMIT 1 OFFSET ?",
                arguments: [Self.frequencySample - 1])
            sample = .some(start)
            return start
        }
        return try phrases.map { phrase in
            guard case .wanted(let term) = phrase else { return .null }
            if wantedCount == 1 { return 0.databaseValue }
            let match = SQLiteSearchSyntax.match(term)
            let exact =
                try Int64.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT 1 FROM transcript_fts WHERE transcript_fts MATCH ? LIMIT ?)",
                    arguments: [match, Self.frequencySample + 1]) ?? 0
            guard exact > Self.frequencySample, let start = try sampleStart() else { return exact.databaseValue }
            // A common term: its share of the newest `frequencySample` segments.
            let hits =
                try Int64.fetchOne(
                    db, sql: "SELECT count(*) FROM transcript_fts WHERE transcript_fts MATCH ? AND rowid >= ?",
                    arguments: [match, start]) ?? 0
            return (-max(Double(hits), 0.5) / Double(Self.frequencySample)).databaseValue
        }
    }

    /// ISO 8601 with milliseconds in UTC, as ``Millis/iso8601(_:)`` writes it, without building
    /// a date formatter per hit (days to civil date: H. Hinnant's algorithm).
    static func iso8601(_ millis: Int64) -> String {
        guard millis >= 0, millis < 253_402_300_800_000 else { return Millis.iso8601(millis) }
        let days = millis / 86_400_000
        let inDay = millis % 86_400_000
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(inDay / 3_600_000, 2)):"
            + "\(pad(inDay / 60_000 % 60, 2)):\(pad(inDay / 1_000 % 60, 2)).\(pad(inDay % 1_000, 3))Z"
    }

    /// A JSON array of strings or integers, for `json_each`.
    static func jsonArray<T: Encodable>(_ values: [T]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }
}
