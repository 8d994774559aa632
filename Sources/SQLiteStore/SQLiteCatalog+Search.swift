import GRDB
public import Transcripts

extension SQLiteCatalog {
    /// Searches what was said: BM25-ranked segments with their call, speaker, offsets and a
    /// highlighted snippet. See ``SQLiteSearchPlan`` for how filters keep it fast and
    /// ``Transcripts/SearchOptions`` for the bound on very common words.
    /// - Throws: ``TranscriptError`` `.invalidQuery` for a query that asks for nothing or a
    ///   filter that cannot mean anything.
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        let plan = try SQLiteSearchPlan(
            request, window: SearchOptions.rankingWindow, candidateCalls: SQLiteSearchOptions.candidateCalls)
        return try await database.read { db in try plan.run(in: db) }
    }
}
