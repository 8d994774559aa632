public import Essentials
public import JobQueue
public import Pipeline
import Foundation
import PostgresNIO

/// Delivered notifications in the `webhook_events` table, stored with their jobs in one
/// transaction, whichever machine received them.
///
/// Deliveries that arrive together are group-committed (``GroupCommit``): one transaction takes
/// them all, with a fixed number of statements whatever their number (their events in one
/// multi-row `INSERT`, the jobs of the new ones in another, one `NOTIFY`), and each delivery still
/// answers only once its own event and jobs have committed. A round trip to the server is the
/// cost that counts here: with a transaction per delivery (`BEGIN`, two `INSERT`s, `NOTIFY`,
/// `COMMIT`) one process took about 1,500 deliveries a second, with batches 5,400 to 8,200
/// (`scripts/bench/stream`).
public struct PostgresWebhookEventStore: WebhookEventStore {
    let pool: PostgresPool
    let wakeup: Wakeup
    let channel: String
    private let deliveries: GroupCommit<(event: WebhookEvent, jobs: [JobRequest]), Bool>

    /// A store on a migrated database; `wakeup` and `channel` are the queue store's.
    public init(pool: PostgresPool, wakeup: Wakeup, channel: String) {
        self.pool = pool
        self.wakeup = wakeup
        self.channel = channel
        // 64 deliveries of the largest body the server accepts (1 MiB) make a 64 MiB statement,
        // well inside PostgreSQL's 1 GB message limit.
        self.deliveries = GroupCommit(maximumBatch: 64) { deliveries in
            try await pool.transaction { connection in try await Self.insert(deliveries, channel: channel, connection: connection) }
        }
    }

    public func recordEvent(_ event: WebhookEvent, jobs: [JobRequest]) async throws -> Bool {
        let inserted = try await deliveries.submit((event, jobs))
        if inserted && !jobs.isEmpty { wakeup.signal() }
        return inserted
    }

    /// Deliveries submitted and not answered yet: committing, or waiting for the next batch.
    public var deliveriesWaiting: Int { deliveries.unanswered }

    /// Stores the deliveries' events in one statement and enqueues the jobs of the events that
    /// were new in another, inside the caller's transaction; for each delivery, whether its event
    /// was new. Of two deliveries of one event in the same batch, the first is the new one. The
    /// jobs are created at the batch's latest receipt time (a few milliseconds after the earliest),
    /// which is when they become visible anyway.
    private static func insert(
        _ deliveries: [(event: WebhookEvent, jobs: [JobRequest])], channel: String, connection: PostgresConnection
    ) async throws -> [Bool] {
        let events = deliveries.map(\.event)
        var fresh = Set<String>()
        for row in try await connection.all(
            """
            INSERT INTO webhook_events (id, kind, received_at, body)
            SELECT * FROM unnest(\(events.map(\.id))::text[], \(events.map(\.kind.rawValue))::text[],
                \(events.map(\.receivedAtMillis))::bigint[], \(events.map { ByteBuffer(bytes: $0.body) })::bytea[])
            ON CONFLICT (id) DO NOTHING RETURNING id
            """)
        {
            fresh.insert(try row.decode(String.self))
        }
        var inserted: [Bool] = []
        var jobs: [JobRequest] = []
        var latest: Int64 = 0
        for delivery in deliveries {
            let new = fresh.remove(delivery.event.id) != nil
            inserted.append(new)
            if new {
                jobs += delivery.jobs
                latest = max(latest, delivery.event.receivedAtMillis)
            }
        }
        if !jobs.isEmpty {
            _ = try await PostgresQueueStore.insert(jobs, connection: connection, now: latest)
            try await connection.run("NOTIFY \(unescaped: channel)")
        }
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
