import GRDB

extension SQLiteBackend {
    /// What `callvault doctor` reports about the database.
    public struct Diagnostics: Sendable, Equatable {
        /// `sqlite_version()`.
        public var sqliteVersion: String
        /// `PRAGMA quick_check`: `["ok"]` for a healthy file, else what is wrong.
        public var quickCheck: [String]
        /// Whether the FTS5 full-text engine is compiled in (search needs it).
        public var hasFTS5: Bool
        /// `PRAGMA journal_mode`.
        public var journalMode: String
    }

    /// Checks the file: integrity (`quick_check`), the SQLite version and FTS5.
    public func diagnostics() async throws -> Diagnostics {
        try await database.read { db in
            let version = try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?"
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            let fts5 = try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('ENABLE_FTS5')") ?? false
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            return Diagnostics(sqliteVersion: version, quickCheck: check, hasFTS5: fts5, journalMode: mode)
        }
    }
}
