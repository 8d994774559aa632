public import Essentials
import GRDB
public import Logging

/// Everything callvault keeps in one SQLite file: the queue, the catalog and the token vault,
/// opened once and sharing one wake-up, so a catalog write that enqueues wakes local workers.
///
/// ```swift
/// let backend = try await SQLiteBackend.open(path: "storage/callvault.sqlite")
/// let queue = JobQueue(store: backend.queue, registry: registry)
/// ```
public struct SQLiteBackend: Sendable {
    /// The database file.
    public let path: String
    /// The job queue's rows, budgets and schedules.
    public let queue: SQLiteQueueStore
    /// Calls, recordings and files.
    public let catalog: SQLiteCatalog
    /// The sealed RingCentral token.
    public let tokens: SQLiteTokenVault
    /// Delivered notifications.
    public let webhookEvents: SQLiteWebhookEventStore
    /// Legal holds, deletion marks and the deletion of rows and text.
    public let compliance: SQLiteComplianceStore
    /// The audit chain.
    public let audit: SQLiteAuditLog
    let database: DatabasePool

    /// Every table of the file, in order; identifiers match the files of earlier versions.
    public static let migrations: [SQLiteMigration] =
        SQLiteQueueSchema.migrations + SQLiteCatalogSchema.migrations + SQLiteTokenVault.migrations
        + SQLiteTranscriptSchema.migrations + SQLiteWebhookEventStore.migrations + SQLiteComplianceSchema.migrations

    /// Opens (creating and migrating if needed) the database at `path`, off the cooperative pool.
    /// - Throws: ``SQLiteStoreError`` naming the file and what to do.
    public static func open(
        path: String, configuration: SQLiteConfiguration = SQLiteConfiguration(), clock: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "callvault.database")
    ) async throws -> SQLiteBackend {
        let database = try await BlockingExecutor.shared.run {
            try SQLiteDatabase.open(path: path, configuration: configuration, migrations: migrations)
        }
        return SQLiteBackend(path: path, database: database, clock: clock, logger: logger)
    }

    init(path: String, database: DatabasePool, clock: any TimeSource, logger: Logger) {
        self.path = path
        self.database = database
        let wakeup = Wakeup()
        queue = SQLiteQueueStore(database: database, wakeup: wakeup, logger: logger)
        catalog = SQLiteCatalog(database: database, clock: clock, wakeup: wakeup, logger: logger)
        tokens = SQLiteTokenVault(database: database)
        webhookEvents = SQLiteWebhookEventStore(database: database, wakeup: wakeup, logger: logger)
        compliance = SQLiteComplianceStore(database: database, logger: logger)
        audit = SQLiteAuditLog(database: database, logger: logger)
    }
}
