public import Crypto
import Foundation

/// Keeps the current token in a ``TokenVault``, sealed with AES-GCM, so a restart does not spend
/// the Auth budget on a new grant. Nothing in the vault is readable without the key.
public struct TokenStore: Sendable {
    let vault: any TokenVault
    let key: SymmetricKey
    let name: String

    /// A store sealing with `key` into `vault` under `name`.
    public init(vault: any TokenVault, key: SymmetricKey, name: String = "default") {
        self.vault = vault
        self.key = key
        self.name = name
    }

    func load() async throws -> StoredToken? {
        guard let sealed = try await vault.sealedToken(named: name) else { return nil }
        // A token sealed under another key (the key changed) is simply not there.
        guard let box = try? AES.GCM.SealedBox(combined: sealed), let plain = try? AES.GCM.open(box, using: key) else {
            return nil
        }
        return try? JSONDecoder().decode(StoredToken.self, from: plain)
    }

    func save(_ token: StoredToken?) async throws {
        guard let token else {
            try await vault.storeSealedToken(nil, named: name)
            return
        }
        let plain = try JSONEncoder().encode(token)
        guard let sealed = try AES.GCM.seal(plain, using: key).combined else { return }
        try await vault.storeSealedToken([UInt8](sealed), named: name)
    }
}
