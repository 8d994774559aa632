public import Essentials
import Foundation
public import GRDB
public import JobQueue
public import Logging
public import Pipeline

/// Delivered notifications in the `webhook_events` table, stored with their jobs in one
/// transaction. Deliveries that arrive together are group-committed (``GroupCommit``): each
/// still answers only once its own event and jobs have committed.
public struct SQLiteWebhookEventStore: WebhookEventStore {
    let database: DatabasePool
    let wakeup: Wakeup
    let logger: Logger
    private let deliveries: GroupCommit<(event: WebhookEvent, jobs: [JobRequest]), Bool>

    /// A store over an opened database; `wakeup` is the queue store's.
    public init(database: DatabasePool, wakeup: Wakeup, logger: Logger = Logger(label: "callvault.webhooks")) {
        self.database = database
        self.wakeup = wakeup
        self.logger = logger
        self.deliveries = GroupCommit { deliveries in
            try await SQLiteQueueStore.write(database, logger: logger) { db in
                try deliveries.map { try Self.insert($0.event, jobs: $0.jobs, db: db) }
            }
        }
    }

    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "webhooks-v1",
            sql: """
                CREATE TABLE webhook_events (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    body BLOB NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX webhook_events_received ON webhook_events (received_at);
                CREATE TABLE webhook_state (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                """)
    ]

    public func recordEvent(_ event: WebhookEvent, jobs: [JobRequest]) async throws -> Bool {
        let inserted = try await deliveries.submit((event, jobs))
        if inserted && !jobs.isEmpty { wakeup.signal() }
        return inserted
    }

    /// Deliveries submitted and not answered yet: committing, or waiting for the next batch.
    public var deliveriesWaiting: Int { deliveries.unanswered }

    /// Stores `event` and, when it is new, enqueues `jobs`, inside the caller's transaction;
    /// whether the event was new.
    private static func insert(_ event: WebhookEvent, jobs: [JobRequest], db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: "INSERT INTO webhook_events (id, kind, received_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
        ).execute(arguments: [event.id, event.kind.rawValue, event.receivedAtMillis, Data(event.body)])
        guard db.changesCount > 0 else { return false }
        if !jobs.isEmpty { _ = try SQLiteQueueStore.insert(jobs, db: db, now: event.receivedAtMillis) }
        return true
    }

    public func event(_ id: String) async throws -> WebhookEvent? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, kind, received_at, body FROM webhook_events WHERE id = ?", arguments: [id]).map { row in
                WebhookEvent(
                    id: row[0], kind: WebhookEvent.Kind(rawValue: row[1]) ?? .telephony, receivedAtMillis: row[2],
                    body: [UInt8](row[3] as Data))
            }
        }
    }

    public func state(_ name: String) async throws -> String? {
        try await database.read { db in try String.fetchOne(db, sql: "SELECT value FROM webhook_state WHERE name = ?", arguments: [name]) }
    }

    public func setState(_ name: String, to value: String?) async throws {
        try await SQLiteQueueStore.write(database, logger: logger) { db in
            if let value {
                try db.execute(
                    sql: "INSERT INTO webhook_state (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = ?2",
                    arguments: [name, value])
            } else {
                try db.execute(sql: "DELETE FROM webhook_state WHERE name = ?", arguments: [name])
            }
        }
    }
}
