import Foundation
public import GRDB
public import RingCentral

/// The sealed RingCentral token in the `ringcentral_tokens` table.
public struct SQLiteTokenVault: TokenVault {
    let database: DatabasePool

    /// A vault over an opened database.
    public init(database: DatabasePool) {
        self.database = database
    }

    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "ringcentral-tokens-v1",
            sql: """
                CREATE TABLE ringcentral_tokens (
                    name TEXT PRIMARY KEY,
                    sealed BLOB NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """)
    ]

    public func sealedToken(named name: String) async throws -> [UInt8]? {
        try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT sealed FROM ringcentral_tokens WHERE name = ?", arguments: [name]).map { [UInt8]($0) }
        }
    }

    public func storeSealedToken(_ sealed: [UInt8]?, named name: String) async throws {
        try await database.write { db in
            guard let sealed else {
                try db.execute(sql: "DELETE FROM ringcentral_tokens WHERE name = ?", arguments: [name])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO ringcentral_tokens (name, sealed, updated_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (name) DO UPDATE SET sealed = ?2, updated_at = ?3
                    """,
                arguments: [name, Data(sealed), Int64(Date().timeIntervalSince1970 * 1000)])
        }
    }
}
