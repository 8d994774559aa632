/// Bounds every search engine keeps, so one search's cost follows the rows it can return rather
/// than how often its words occur; scoped to a task (`SearchOptions.$rankingWindow.withValue(…)
/// { … }`) for tests and benchmarks.
public enum SearchOptions {
    /// The most matching segments one search ranks. When more match under the filters, the
    /// newest this many (the latest calls first) are ranked and the total is reported as this
    /// many, not exact (``SearchResults/totalIsExact``). Ranking costs about a microsecond per
    /// match on SQLite and more on PostgreSQL: a word found in most of a million segments would
    /// otherwise take a second. Paging reaches no further than the window.
    @TaskLocal public static var rankingWindow = 20_000
}
