/// The audit's storage: an append-only chain of ``AuditEntry``.
///
/// The protocol is narrow so any database can hold it. An implementation must:
/// - append a batch in one unit of work that reads the last entry and writes the new ones
///   under a lock every appender takes (any process, any machine), chaining them with
///   ``AuditChain/link(_:after:)``; SQLite gets this from `BEGIN IMMEDIATE`, PostgreSQL from
///   `LOCK TABLE audit_log IN EXCLUSIVE MODE` (or an advisory lock) inside the transaction;
/// - store every field as given and return entries exactly as stored, so
///   ``AuditVerifier`` can recompute the hashes.
///
/// Implementations: `SQLiteAuditLog` (the `audit_log` table of the embedded database).
public protocol AuditLog: Sendable {
    /// Appends `events` after the last stored entry.
    /// - Returns: The entries as stored.
    @discardableResult
    func append(_ events: [AuditEvent]) async throws -> [AuditEntry]

    /// Entries matching `query`, in chain order.
    func entries(_ query: AuditQuery) async throws -> [AuditEntry]

    /// Up to `limit` entries with a sequence number above `seq`, in chain order.
    func chain(after seq: Int64, limit: Int) async throws -> [AuditEntry]

    /// The last entry, or `nil` for an empty chain.
    func tail() async throws -> AuditEntry?

    /// Appends entries exactly as another log stored them (`migrate --database`), under the
    /// same lock as ``append(_:)``, after checking that they continue the stored chain.
    /// - Throws: ``ComplianceError`` `.conflict` when the first entry does not follow the last
    ///   stored one (its sequence number or previous hash), or the entries do not link.
    func restore(_ entries: [AuditEntry]) async throws
}
