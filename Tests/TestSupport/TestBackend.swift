public import Archive
public import Compliance
public import Essentials
import Foundation
import GRDB
public import JobQueue
public import Pipeline
import Logging
import PostgresNIO
public import PostgresStore
public import SQLiteStore
public import Transcripts

/// A real database for a test, with a manual clock: a fresh SQLite file in a temporary
/// directory, or a fresh schema of its own in the PostgreSQL test database (so tests running in
/// parallel never see each other's rows).
///
/// The behaviour suites of the queue and the catalog take their stores from here, so the same
/// assertions run on every back end.
public struct TestBackend: Sendable {
    /// The database under test.
    public enum Database: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresBackend)
    }

    /// The directory for the database file and any files a test writes.
    public let directory: TemporaryDirectory
    /// The clock every store reads.
    public let clock: ManualTimeSource
    /// The opened back end.
    public let database: Database

    /// Which back end this is.
    public var kind: BackendKind {
        switch database {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The SQLite back end; only for tests of SQLite itself.
    public var sqlite: SQLiteBackend {
        guard case .sqlite(let backend) = database else { preconditionFailure("not a SQLite back end") }
        return backend
    }

    /// The queue store; its calls hold ``TimeDriver`` back while they wait for the database.
    public var queueStore: any QueueStore {
        switch database {
        case .sqlite(let backend): TrackedQueueStore(base: backend.queue, clock: clock)
        case .postgres(let backend): TrackedQueueStore(base: backend.queue, clock: clock)
        }
    }

    /// The catalog.
    public var catalog: any CatalogStore {
        switch database {
        case .sqlite(let backend): backend.catalog
        case .postgres(let backend): backend.catalog
        }
    }

    /// The transcripts and their search.
    public var transcripts: any TranscriptCatalog {
        switch database {
        case .sqlite(let backend): backend.catalog
        case .postgres(let backend): backend.catalog
        }
    }

    /// Legal holds, deletion marks and deletion.
    public var compliance: any ComplianceStore {
        switch database {
        case .sqlite(let backend): backend.compliance
        case .postgres(let backend): backend.compliance
        }
    }

    /// Delivered webhook notifications.
    public var webhookEvents: any WebhookEventStore {
        switch database {
        case .sqlite(let backend): backend.webhookEvents
        case .postgres(let backend): backend.webhookEvents
        }
    }

    /// Webhook deliveries submitted to the store and not answered yet.
    public var webhookDeliveriesWaiting: Int {
        switch database {
        case .sqlite(let backend): backend.webhookEvents.deliveriesWaiting
        case .postgres(let backend): backend.webhookEvents.deliveriesWaiting
        }
    }

    /// The audit chain.
    public var audit: any AuditLog {
        switch database {
        case .sqlite(let backend): backend.audit
        case .postgres(let backend): backend.audit
        }
    }

    /// The database file (SQLite only).
    public var databasePath: String { sqlite.path }

    /// Opens a fresh back end of `kind`.
    public static func make(
        _ kind: BackendKind = .sqlite, clock: ManualTimeSource = ManualTimeSource(),
        synchronous: SQLiteConfiguration.Synchronous = .normal
    ) async throws -> TestBackend {
        let directory = try TemporaryDirectory("callvault-backend")
        switch kind {
        case .sqlite:
            let sqlite = try await SQLiteBackend.open(
                path: directory.path("callvault.sqlite"), configuration: SQLiteConfiguration(synchronous: synchronous), clock: clock)
            return TestBackend(directory: directory, clock: clock, database: .sqlite(sqlite))
        case .postgres:
            guard let url = BackendKind.postgresURL else { preconditionFailure("CALLVAULT_TEST_DATABASE_URL is not set") }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            let configuration = try PostgresConfiguration(url: url, poolSize: 4).withSchema(String(schema))
            let postgres = try await PostgresBackend.open(configuration: configuration, clock: clock)
            return TestBackend(directory: directory, clock: clock, database: .postgres(postgres))
        }
    }

    /// A second, independent connection to the same database, as another process would have.
    public func reopened() async throws -> TestBackend {
        switch database {
        case .sqlite(let backend):
            return TestBackend(
                directory: directory, clock: clock, database: .sqlite(try await SQLiteBackend.open(path: backend.path, clock: clock)))
        case .postgres(let backend):
            return TestBackend(
                directory: directory, clock: clock,
                database: .postgres(try await PostgresBackend.open(configuration: backend.pool.configuration, clock: clock)))
        }
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

    /// Removes the database and its directory: the SQLite file, or the PostgreSQL schema (in the
    /// background: its connections close and the schema is dropped after the test).
    public func remove() {
        directory.remove()
        if case .postgres(let backend) = database {
            Task { await Self.drop(backend) }
        }
    }

    /// Closes the connections and drops the schema, waiting for both.
    public func close() async {
        directory.remove()
        if case .postgres(let backend) = database { await Self.drop(backend) }
    }

    private static func drop(_ backend: PostgresBackend) async {
        try? await backend.dropSchema()
        await backend.close()
    }
}

extension TestBackend {
    /// Every row of a table as text, ordered by `orderBy`, without the columns in `excluding`:
    /// what reindexing must reproduce exactly.
    public func rows(_ table: String, orderBy: String, excluding: Set<String> = []) async throws -> [[String: String]] {
        switch database {
        case .sqlite(let backend): try await backend.rows(table, orderBy: orderBy, excluding: excluding)
        case .postgres(let backend): try await backend.rows(table, orderBy: orderBy, excluding: excluding)
        }
    }
}

extension TestBackend {
    /// A `CALLVAULT_DATABASE_URL` naming a fresh schema of the PostgreSQL test database, for tests
    /// that build the whole application; drop it with ``dropSchema(of:)``.
    public static func freshPostgresURL() -> String {
        guard let url = BackendKind.postgresURL else { preconditionFailure("CALLVAULT_TEST_DATABASE_URL is not set") }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// Drops the schema a ``freshPostgresURL()`` names, with everything in it.
    public static func dropSchema(of url: String) async throws {
        let configuration = try PostgresConfiguration(url: url, poolSize: 2)
        precondition(configuration.schema != "public", "the public schema is not dropped")
        let logger = Logger(label: "test.postgres")
        let pool = PostgresPool(configuration: configuration, logger: logger)
        await pool.start()
        do {
            try await pool.read { connection in
                _ = try await connection.query(
                    PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(configuration.schema) CASCADE"), logger: logger)
            }
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
    }
}

extension TestBackend {
    /// Runs one statement written for both back ends (a test's setup that no store offers, such
    /// as moving a job to a finished state directly).
    public func execute(_ sql: String) async throws {
        switch database {
        case .sqlite(let backend):
            try await Self.executeSQLite(sql, path: backend.path)
        case .postgres(let backend):
            try await backend.pool.read { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test.postgres"))
            }
        }
    }

    /// Runs `body` while another connection, as another process would, holds back writes to
    /// `table`: on SQLite the database's write lock (`BEGIN IMMEDIATE`), on PostgreSQL an
    /// `EXCLUSIVE` lock on the table. The lock is released when `body` returns or throws; writers
    /// that waited on it go on after that.
    public func holdingWrites<T: Sendable>(to table: String, _ body: @Sendable () async throws -> T) async throws -> T {
        switch database {
        case .sqlite(let backend):
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            configuration.allowsUnsafeTransactions = true  // the lock outlives one database access
            let holder = try DatabaseQueue(path: backend.path, configuration: configuration)
            try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            try await holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            try holder.close()
            return try result.get()
        case .postgres(let backend):
            let (locked, lockedSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            let holder = Task {
                defer { lockedSignal.finish() }  // a failed lock must not leave the caller waiting
                try await backend.pool.transaction { connection in
                    _ = try await connection.query(
                        PostgresQuery(unsafeSQL: "LOCK TABLE \(table) IN EXCLUSIVE MODE"), logger: Logger(label: "test.postgres"))
                    lockedSignal.yield()
                    for await _ in release { break }
                }
            }
            for await _ in locked { break }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            releaseSignal.yield()
            try await holder.value
            return try result.get()
        }
    }

    /// Runs one statement on the SQLite database file at `path` (a home's `callvault.sqlite`
    /// that a running application also has open), outside any store.
    public static func executeSQLite(_ sql: String, arguments: [String] = [], path: String) async throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)  // the application's writers (the audit appender) may hold the lock
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try await database.write { db in try db.execute(sql: sql, arguments: StatementArguments(arguments)) }
        try database.close()
    }
}
