import Essentials
import Crypto
import Foundation

/// Keyed hashes of phone numbers for the audit: an erasure's entry says which number was erased
/// without keeping it, and a later request about the same number (written any way) yields the same
/// hash and can be matched. The key lives in a 0600 file in the home (`audit-phone.key`).
public struct PhoneDigest: Sendable {
    private let key: SymmetricKey

    /// A digest with this key (at least 32 bytes).
    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// `hmac-sha256:` and the hex HMAC of the E.164 number.
    public func digest(e164: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(e164.utf8), using: key)
        return "hmac-sha256:" + Hex.encode(mac)
    }
}
