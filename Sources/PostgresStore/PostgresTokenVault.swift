public import Essentials
import Foundation
import PostgresNIO
public import RingCentral

/// The sealed RingCentral token in the `ringcentral_tokens` table, shared by every machine.
public struct PostgresTokenVault: TokenVault {
    let pool: PostgresPool
    let clock: any TimeSource

    /// A vault on a migrated database.
    public init(pool: PostgresPool, clock: any TimeSource) {
        self.pool = pool
        self.clock = clock
    }

    public func sealedToken(named name: String) async throws -> [UInt8]? {
        try await pool.read { connection in
            try await connection.first("SELECT sealed FROM ringcentral_tokens WHERE name = \(name)")
                .map { [UInt8](try $0.decode(Data.self)) }
        }
    }

    public func storeSealedToken(_ sealed: [UInt8]?, named name: String) async throws {
        let now = clock.nowMillis()
        try await pool.transaction { connection in
            guard let sealed else {
                try await connection.run("DELETE FROM ringcentral_tokens WHERE name = \(name)")
                return
            }
            try await connection.run(
                """
                INSERT INTO ringcentral_tokens (name, sealed, updated_at) VALUES (\(name), \(Data(sealed)), \(now))
                ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
                """)
        }
    }
}
