import Archive
import Transcripts

/// The catalog one benchmark run measures: callvault's SQLite engine (`callvault`) or its
/// PostgreSQL engine (`postgres`).
struct Backend: Sendable {
    /// How the JSON lines name the engine.
    let engine: String
    /// Where calls are recorded and transcripts stored and searched.
    let catalog: any CatalogStore & TranscriptCatalog
    /// Closes the connections (nothing for SQLite, whose handle closes with the process).
    let close: @Sendable () async -> Void
}
