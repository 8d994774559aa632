public import Crypto
import Essentials
import Foundation

/// The key that encrypts stored tokens: from `CALLVAULT_SECRET_KEY`, or a 0600 key file in the home.
public enum SecretKey {
    /// The key file's name inside `CALLVAULT_HOME`.
    public static let fileName = "secret.key"

    /// Loads the key: derived from `secret` when given, else read from (or created in)
    /// `home/secret.key` with mode 0600.
    /// - Throws: ``RingCentralError`` `.configuration` saying what to do.
    public static func load(home: String, secret: String?) throws -> SymmetricKey {
        if let secret, !secret.isEmpty {
            return SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
        }
        let path = (home as NSString).appendingPathComponent(fileName)
        do {
            return SymmetricKey(data: try KeyFile.loadOrCreate(path: path))
        } catch let error as KeyFile.Failure {
            throw RingCentralError(.configuration, "\(error.message); set CALLVAULT_SECRET_KEY or make CALLVAULT_HOME writable")
        }
    }
}
