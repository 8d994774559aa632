public import Compliance
import Foundation
public import GRDB
public import Logging

/// The audit chain in the `audit_log` table of the embedded database.
///
/// An append is one `BEGIN IMMEDIATE` transaction that reads the last entry and inserts the new
/// ones chained after it, so appenders in any number of processes form one chain.
public struct SQLiteAuditLog: AuditLog {
    let database: DatabasePool
    let logger: Logger

    /// A log over an opened database.
    public init(database: DatabasePool, logger: Logger = Logger(label: "callvault.audit")) {
        self.database = database
        self.logger = logger
    }

    @discardableResult
    public func append(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        return try await SQLiteQueueStore.write(database, logger: logger) { db in
            let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
            let entries = AuditChain.link(events, afterSeq: last?["seq"] ?? 0, previousHash: last?["hash"] ?? AuditChain.genesis)
            try Self.insert(entries, db)
            return entries
        }
    }

    public func entries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.sinceMillis {
            conditions.append("at >= ?")
            arguments += [since]
        }
        if let recording = query.recordingId {
            conditions.append("recording_id = ?")
            arguments += [recording]
        }
        if let action = query.action {
            if action.hasSuffix(".") {
                conditions.append("substr(action, 1, ?) = ?")
                arguments += [action.count, action]
            } else {
                conditions.append("(action = ? OR substr(action, 1, ?) = ?)")
                arguments += [action, action.count + 1, action + "."]
            }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = max(0, query.limit)
        let allArguments = arguments + [limit]
        return try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log \(filter) ORDER BY seq LIMIT ?", arguments: allArguments).map(Self.entry)
        }
    }

    public func chain(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
                .map(Self.entry)
        }
    }

    public func tail() async throws -> AuditEntry? {
        try await database.read { db in try Self.tail(db) }
    }

    static func tail(_ db: Database) throws -> AuditEntry? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1")).map(entry)
    }

    public func restore(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await SQLiteQueueStore.write(database, logger: logger) { db in
            try AuditChain.checkContinuation(entries, after: try Self.tail(db))
            try Self.insert(entries, db)
        }
    }

    static func insert(_ entries: [AuditEntry], _ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (seq, at, action, actor, recording_id, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in entries {
            try insert.execute(arguments: [
                entry.seq, entry.event.at, entry.event.action.rawValue, entry.event.actor, entry.event.recordingId,
                AuditEntry.detailsJSON(entry.event.details), entry.previousHash, entry.hash,
            ])
        }
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(
            seq: row["seq"],
            event: AuditEvent(
                at: row["at"], action: AuditAction(row["action"] as String), actor: row["actor"], recordingId: row["recording_id"],
                details: AuditEntry.details(json: row["details"])),
            previousHash: row["prev_hash"], hash: row["hash"])
    }
}
