public import Essentials
public import JobQueue
public import Pipeline
import Foundation
import PostgresNIO

/// Delivered notifications in the `webhook_events` table, stored with their jobs in one
/// transaction, whichever machine received them.
public struct PostgresWebhookEventStore: WebhookEventStore {
    let pool: PostgresPool
    let wakeup: Wakeup
    let channel: String

    /// A store on a migrated database; `wakeup` and `channel` are the queue store's.
    public init(pool: PostgresPool, wakeup: Wakeup, channel: String) {
        self.pool = pool
        self.wakeup = wakeup
        self.channel = channel
    }

    public func recordEvent(_ event: WebhookEvent, jobs: [JobRequest]) async throws -> Bool {
        let channel = self.channel
        let inserted = try await pool.transaction { connection -> Bool in
            let row = try await connection.first(
                """
                INSERT INTO webhook_events (id, kind, received_at, body)
                VALUES (\(event.id), \(event.kind.rawValue), \(event.receivedAtMillis), \(Data(event.body)))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """)
            guard row != nil else { return false }
            if !jobs.isEmpty {
                _ = try await PostgresQueueStore.insert(jobs, connection: connection, now: event.receivedAtMillis)
                try await connection.run("NOTIFY \(unescaped: channel)")
            }
            return true
        }
        if inserted && !jobs.isEmpty { wakeup.signal() }
        return inserted
    }

    public func event(_ id: String) async throws -> WebhookEvent? {
        try await pool.read { connection in
            try await connection.first("SELECT id, kind, received_at, body FROM webhook_events WHERE id = \(id)").map { row in
                let (id, kind, receivedAt, body) = try row.decode((String, String, Int64, Data).self)
                return WebhookEvent(id: id, kind: WebhookEvent.Kind(rawValue: kind) ?? .telephony, receivedAtMillis: receivedAt, body: [UInt8](body))
            }
        }
    }

    public func state(_ name: String) async throws -> String? {
        try await pool.read { connection in
            try await connection.first("SELECT value FROM webhook_state WHERE name = \(name)")?.decode(String.self)
        }
    }

    public func setState(_ name: String, to value: String?) async throws {
        try await pool.transaction { connection in
            if let value {
                try await connection.run(
                    """
                    INSERT INTO webhook_state (name, value) VALUES (\(name), \(value))
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value
                    """)
            } else {
                try await connection.run("DELETE FROM webhook_state WHERE name = \(name)")
            }
        }
    }
}
