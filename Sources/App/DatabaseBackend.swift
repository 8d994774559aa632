import Archive
import Compliance
import Essentials
import JobQueue
import Pipeline
import PostgresStore
import RingCentral
import SQLiteStore
import Transcripts

/// The database the application runs on: the embedded SQLite file, or PostgreSQL when
/// `CALLVAULT_DATABASE_URL` is set. Everything above it sees only the stores' protocols.
enum DatabaseBackend: Sendable {
    case sqlite(SQLiteBackend)
    case postgres(PostgresBackend)

    /// The job queue's store.
    var queue: any QueueStore {
        switch self {
        case .sqlite(let backend): backend.queue
        case .postgres(let backend): backend.queue
        }
    }

    /// Calls, recordings and files.
    var catalog: any CatalogStore {
        switch self {
        case .sqlite(let backend): backend.catalog
        case .postgres(let backend): backend.catalog
        }
    }

    /// Transcripts and search.
    var transcripts: any TranscriptCatalog {
        switch self {
        case .sqlite(let backend): backend.catalog
        case .postgres(let backend): backend.catalog
        }
    }

    /// The sealed RingCentral token.
    var tokens: any TokenVault {
        switch self {
        case .sqlite(let backend): backend.tokens
        case .postgres(let backend): backend.tokens
        }
    }

    /// Delivered notifications.
    var webhookEvents: any WebhookEventStore {
        switch self {
        case .sqlite(let backend): backend.webhookEvents
        case .postgres(let backend): backend.webhookEvents
        }
    }

    /// Legal holds, deletion marks and the deletion of rows and text.
    var compliance: any ComplianceStore {
        switch self {
        case .sqlite(let backend): backend.compliance
        case .postgres(let backend): backend.compliance
        }
    }

    /// The audit chain.
    var audit: any AuditLog {
        switch self {
        case .sqlite(let backend): backend.audit
        case .postgres(let backend): backend.audit
        }
    }

    /// Where the database is, for people: a path, or the URL without its password.
    var location: String {
        switch self {
        case .sqlite(let backend): backend.path
        case .postgres(let backend): backend.pool.configuration.redactedURL
        }
    }

    /// Closes PostgreSQL's connections (SQLite needs nothing).
    func close() async {
        if case .postgres(let backend) = self { await backend.close() }
    }
}
