public import GRDB

/// One step of the SQLite schema, applied once per database file.
///
/// Identifiers are recorded in `grdb_migrations` (the table GRDB's migrator uses, so files made by
/// earlier versions of callvault are recognised); they are a versioned contract, never renamed.
public struct SQLiteMigration: Sendable {
    /// The recorded name, such as `jobqueue-v1`.
    public var identifier: String
    /// Creates or changes tables; runs inside the migration transaction.
    public var apply: @Sendable (Database) throws -> Void

    /// A migration that runs `apply` once.
    public init(_ identifier: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.apply = apply
    }

    /// A migration that executes SQL statements once.
    public init(_ identifier: String, sql: String) {
        self.init(identifier) { db in try db.execute(sql: sql) }
    }
}
