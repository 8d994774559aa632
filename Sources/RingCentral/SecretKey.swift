public import Crypto
public import Foundation

/// The key that encrypts stored tokens: from `CALLVAULT_SECRET_KEY`, or a 0600 key file in the home.
public enum SecretKey {
    /// The key file's name inside `CALLVAULT_HOME`.
    public static let fileName = "secret.key"

    /// Loads the key: derived from `CALLVAULT_SECRET_KEY` when set, else read from (or created in)
    /// `home/secret.key` with mode 0600.
    public static func load(home: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> SymmetricKey
    {
        if let secret = environment["CALLVAULT_SECRET_KEY"], !secret.isEmpty {
            return SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
        }
        let path = (home as NSString).appendingPathComponent(fileName)
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
            let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
        {
            chmod(path, 0o600)
            return SymmetricKey(data: bytes)
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw RingCentralError(
                .configuration,
                "cannot create the key file \(path) (\(String(cString: strerror(errno)))); set CALLVAULT_SECRET_KEY or make CALLVAULT_HOME writable"
            )
        }
        defer { close(descriptor) }
        let written = encoded.withCString { write(descriptor, $0, strlen($0)) }
        guard written == encoded.utf8.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw RingCentralError(.configuration, "cannot write the key file \(path)")
        }
        return key
    }
}
