/// Bounds that keep one search's cost independent of how often its words occur; scoped to a
/// task (`SQLiteSearchOptions.$rankingWindow.withValue(…) { … }`) for tests and benchmarks.
public enum SQLiteSearchOptions {
    /// The most matching segments one search ranks. When more match under the filters, the
    /// newest this many (the latest calls; segment ids follow call time) are ranked and the total
    /// is reported as this many, not exact (``Transcripts/SearchResults/totalIsExact``). Ranking
    /// costs about a microsecond per match: a word found in most of a million segments would
    /// otherwise take a second. Paging reaches no further than the window.
    @TaskLocal public static var rankingWindow = 20_000

    /// The most calls a phone filter turns into rowid ranges of the index. A number on more
    /// calls than this (a company's main line, a two-digit fragment) is checked match by match
    /// instead, which is cheap then because most matches pass.
    @TaskLocal public static var candidateCalls = 2_000
}
