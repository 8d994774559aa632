public import Crypto
import Foundation
public import GRDB

/// Keeps the current token in the database, sealed with AES-GCM, so a restart does not spend the
/// Auth budget on a new grant. Nothing in the table is readable without the key.
public struct TokenStore: Sendable {
    let database: DatabasePool
    let key: SymmetricKey
    let name: String

    public init(database: DatabasePool, key: SymmetricKey, name: String = "default") {
        self.database = database
        self.key = key
        self.name = name
    }

    /// Registers the token table's migration.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ringcentral-tokens-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ringcentral_tokens (
                        name TEXT PRIMARY KEY,
                        sealed BLOB NOT NULL,
                        updated_at INTEGER NOT NULL
                    ) WITHOUT ROWID
                    """
            )
        }
    }

    func load() async throws -> StoredToken? {
        let sealed = try await database.read { [name] db in
            try Data.fetchOne(db, sql: "SELECT sealed FROM ringcentral_tokens WHERE name = ?", arguments: [name])
        }
        guard let sealed else { return nil }
        // A token sealed under another key (the key changed) is simply not there.
        guard let box = try? AES.GCM.SealedBox(combined: sealed), let plain = try? AES.GCM.open(box, using: key) else {
            return nil
        }
        return try? JSONDecoder().decode(StoredToken.self, from: plain)
    }

    func save(_ token: StoredToken?) async throws {
        guard let token else {
            try await database.write { [name] db in
                try db.execute(sql: "DELETE FROM ringcentral_tokens WHERE name = ?", arguments: [name])
            }
            return
        }
        let plain = try JSONEncoder().encode(token)
        guard let sealed = try AES.GCM.seal(plain, using: key).combined else { return }
        try await database.write { [name] db in
            try db.execute(
                sql: """
                    INSERT INTO ringcentral_tokens (name, sealed, updated_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (name) DO UPDATE SET sealed = ?2, updated_at = ?3
                    """,
                arguments: [name, sealed, Int64(Date().timeIntervalSince1970 * 1000)]
            )
        }
    }
}
