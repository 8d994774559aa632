public import Essentials
public import Logging
import PostgresNIO

/// Everything callvault keeps in PostgreSQL: the queue, the catalog with transcripts and search,
/// the token vault, the webhook events, legal holds and the audit chain, on one pool and sharing one wake-up, which local
/// commits and other machines' notifications (`LISTEN`/`NOTIFY`) signal.
///
/// ```swift
/// let backend = try await PostgresBackend.open(configuration: PostgresConfiguration(url: url))
/// let queue = JobQueue(store: backend.queue, registry: registry)
/// // …
/// await backend.close()
/// ```
public struct PostgresBackend: Sendable {
    /// The connections.
    public let pool: PostgresPool
    /// The job queue's rows, budgets and schedules.
    public let queue: PostgresQueueStore
    /// Calls, recordings, files and transcripts.
    public let catalog: PostgresCatalog
    /// The sealed RingCentral token.
    public let tokens: PostgresTokenVault
    /// Delivered notifications.
    public let webhookEvents: PostgresWebhookEventStore
    /// Legal holds, deletion marks and the deletion of rows and text.
    public let compliance: PostgresComplianceStore
    /// The audit chain.
    public let audit: PostgresAuditLog
    /// Wakes this process's workers when another machine enqueues.
    let listener: PostgresListener

    /// Every table, in order.
    public static var migrations: [PostgresMigration] { PostgresSchema.migrations }

    /// Connects, creates the schema and applies missing migrations (under an advisory lock, so
    /// many processes starting at once all succeed), and starts listening for wake-ups.
    /// - Throws: ``PostgresStoreError`` naming the server (never the password) and what to do.
    public static func open(
        configuration: PostgresConfiguration, clock: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "callvault.database")
    ) async throws -> PostgresBackend {
        let pool = PostgresPool(configuration: configuration, logger: logger)
        await pool.start()
        do {
            try await PostgresMigrator(pool: pool).migrate(migrations)
        } catch {
            await pool.close()
            throw error
        }
        return PostgresBackend(pool: pool, clock: clock, logger: logger)
    }

    init(pool: PostgresPool, clock: any TimeSource, logger: Logger) {
        self.pool = pool
        let wakeup = Wakeup()
        let channel = "callvault_" + pool.configuration.schema
        queue = PostgresQueueStore(pool: pool, wakeup: wakeup, channel: channel, logger: logger)
        catalog = PostgresCatalog(pool: pool, clock: clock, wakeup: wakeup, channel: channel, logger: logger)
        tokens = PostgresTokenVault(pool: pool, clock: clock)
        webhookEvents = PostgresWebhookEventStore(pool: pool, wakeup: wakeup, channel: channel)
        compliance = PostgresComplianceStore(pool: pool, logger: logger)
        audit = PostgresAuditLog(pool: pool)
        listener = PostgresListener(pool: pool, channel: channel, wakeup: wakeup, logger: logger)
        listener.start()
    }

    /// Stops listening and closes every connection; idempotent.
    public func close() async {
        await listener.stop()
        await pool.close()
    }
}
