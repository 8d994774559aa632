/// The SQLite engine's own bound beside ``Transcripts/SearchOptions``; scoped to a task
/// (`SQLiteSearchOptions.$candidateCalls.withValue(…) { … }`) for tests and benchmarks.
public enum SQLiteSearchOptions {
    /// The most calls a phone filter turns into rowid ranges of the index. A number on more
    /// calls than this (a company's main line, a two-digit fragment) is checked match by match
    /// instead, which is cheap then because most matches pass.
    @TaskLocal public static var candidateCalls = 2_000
}
