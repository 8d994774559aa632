public import Archive
public import Essentials
import Foundation
public import JobQueue
public import SQLiteStore
public import Transcripts

/// A real database for a test: a fresh SQLite file in a temporary directory, with a manual clock.
///
/// The behaviour suites of the queue and the catalog take their stores from here, so the same
/// assertions run on every back end.
public struct TestBackend: Sendable {
    /// The directory holding the database (and, for archive tests, the tree).
    public let directory: TemporaryDirectory
    /// The clock every store reads.
    public let clock: ManualTimeSource
    /// The opened SQLite back end.
    public let sqlite: SQLiteBackend

    /// The queue store.
    public var queueStore: any QueueStore { sqlite.queue }
    /// The catalog.
    public var catalog: any CatalogStore { sqlite.catalog }
    /// The transcripts and their search.
    public var transcripts: any TranscriptCatalog { sqlite.catalog }
    /// The database file.
    public var databasePath: String { sqlite.path }

    /// Opens a fresh back end.
    public static func make(
        clock: ManualTimeSource = ManualTimeSource(), synchronous: SQLiteConfiguration.Synchronous = .normal
    ) async throws -> TestBackend {
        let directory = try TemporaryDirectory("callvault-backend")
        let sqlite = try await SQLiteBackend.open(
            path: directory.path("callvault.sqlite"), configuration: SQLiteConfiguration(synchronous: synchronous), clock: clock)
        return TestBackend(directory: directory, clock: clock, sqlite: sqlite)
    }

    /// A second, independent connection to the same database, as another process would have.
    public func reopened() async throws -> TestBackend {
        TestBackend(directory: directory, clock: clock, sqlite: try await SQLiteBackend.open(path: sqlite.path, clock: clock))
    }

    /// A queue over this back end's store, on its clock.
    public func queue(_ registry: JobRegistry = TestBackend.registry()) -> JobQueue {
        JobQueue(store: queueStore, registry: registry, clock: clock)
    }

    /// A registry with the `noop` canary, `extra` kinds and rate limits.
    public static func registry(_ extra: [JobDefinition] = [], limits: [RateLimit] = []) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        for definition in extra { registry.register(definition) }
        for limit in limits { registry.declare(limit) }
        return registry
    }

    /// Removes the database and its directory.
    public func remove() { directory.remove() }
}

extension TestBackend {
    /// Every row of a table as text, ordered by `orderBy`, without the columns in `excluding`:
    /// what reindexing must reproduce exactly.
    public func rows(_ table: String, orderBy: String, excluding: Set<String> = []) async throws -> [[String: String]] {
        try await sqlite.rows(table, orderBy: orderBy, excluding: excluding)
    }
}
