public import Compliance
import Foundation
import PostgresNIO

/// The audit chain in the `audit_log` table of PostgreSQL.
///
/// An append is one transaction that takes `LOCK TABLE audit_log IN EXCLUSIVE MODE` (readers go
/// on; every other appender, on any machine, waits), reads the last entry and inserts the new
/// ones chained after it, so a fleet forms one chain without gaps.
public struct PostgresAuditLog: AuditLog {
    let pool: PostgresPool

    /// A log on a migrated database.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = "seq, at, action, actor, recording_id, details, prev_hash, hash"

    @discardableResult
    public func append(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        return try await pool.transaction { connection in
            try await connection.run("LOCK TABLE audit_log IN EXCLUSIVE MODE")
            let entries = AuditChain.link(events, after: try await Self.tail(connection))
            try await Self.insert(entries, connection)
            return entries
        }
    }

    public func entries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var binds = PostgresBindings()
        var conditions: [String] = []
        if let since = query.sinceMillis { conditions.append("at >= \(try binds.placeholder(since))") }
        if let recording = query.recordingId { conditions.append("recording_id = \(try binds.placeholder(recording))") }
        if let action = query.action {
            if action.hasSuffix(".") {
                conditions.append("starts_with(action, \(try binds.placeholder(action)))")
            } else {
                conditions.append("(action = \(try binds.placeholder(action)) OR starts_with(action, \(try binds.placeholder(action + "."))))")
            }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = try binds.placeholder(max(0, query.limit))
        let statement = PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM audit_log \(filter) ORDER BY seq LIMIT \(limit)", binds: binds)
        return try await pool.read { connection in try await connection.all(statement).map(Self.entry) }
    }

    public func chain(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { connection in
            try await connection.all("SELECT \(unescaped: Self.columns) FROM audit_log WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)")
                .map(Self.entry)
        }
    }

    public func tail() async throws -> AuditEntry? {
        try await pool.read { connection in try await Self.tail(connection) }
    }

    static func tail(_ connection: PostgresConnection) async throws -> AuditEntry? {
        try await connection.first("SELECT \(unescaped: columns) FROM audit_log ORDER BY seq DESC LIMIT 1").map(entry)
    }

    public func restore(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await pool.transaction { connection in
            try await connection.run("LOCK TABLE audit_log IN EXCLUSIVE MODE")
            try AuditChain.checkContinuation(entries, after: try await Self.tail(connection))
            try await Self.insert(entries, connection)
        }
    }

    static func insert(_ entries: [AuditEntry], _ connection: PostgresConnection) async throws {
        for entry in entries {
            try await connection.run(
                """
                INSERT INTO audit_log (seq, at, action, actor, recording_id, details, prev_hash, hash)
                VALUES (\(entry.seq), \(entry.event.at), \(entry.event.action.rawValue), \(entry.event.actor),
                    \(entry.event.recordingId), \(AuditEntry.detailsJSON(entry.event.details)), \(entry.previousHash), \(entry.hash))
                """)
        }
    }

    static func entry(_ row: PostgresRow) throws -> AuditEntry {
        let (seq, at, action, actor, recordingId, details, previousHash, hash) = try row.decode(
            (Int64, Int64, String, String, String?, String, String, String).self)
        return AuditEntry(
            seq: seq,
            event: AuditEvent(at: at, action: AuditAction(action), actor: actor, recordingId: recordingId, details: AuditEntry.details(json: details)),
            previousHash: previousHash, hash: hash)
    }
}
