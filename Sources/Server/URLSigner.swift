public import Crypto
import Foundation

/// Signs and checks expiring links for players that cannot send headers: `?exp=UNIX&kid=K&sig=…`.
///
/// The signature is HMAC-SHA256 over `METHOD\npath\nexp` with the key named `kid` (base64url,
/// no padding). The first key signs; every key verifies, so keys rotate by adding a new one
/// first and dropping the old one once its links have expired. The Range header is not signed:
/// a player seeks freely within its link.
public struct URLSigner: Sendable {
    /// A signing key and its id.
    public struct Key: Sendable {
        /// The id carried in links (`kid`).
        public var id: String
        /// The secret.
        public var secret: SymmetricKey

        /// Creates a key.
        public init(id: String, secret: SymmetricKey) {
            self.id = id
            self.secret = secret
        }
    }

    /// Why a link was refused.
    public enum Refusal: String, Sendable, Equatable {
        case missing = "the link is not signed"
        case malformed = "the link's exp, kid or sig is malformed"
        case expired = "the link has expired"
        case unknownKey = "the link was signed with a key that is no longer accepted"
        case badSignature = "the link's signature does not match this method and path"
    }

    /// The keys, the signing one first.
    public let keys: [Key]

    /// A signer; `keys` must not be empty.
    public init(keys: [Key]) {
        precondition(!keys.isEmpty, "a URL signer needs at least one key")
        self.keys = keys
    }

    /// The query (`exp=…&kid=…&sig=…`) that signs `method path` until `expires` (seconds since 1970).
    public func query(method: String, path: String, expires: Int64) -> String {
        let key = keys[0]
        return "exp=\(expires)&kid=\(key.id)&sig=\(signature(method: method, path: path, expires: expires, key: key.secret))"
    }

    /// Checks a link's query items against `method path` at `now` (seconds since 1970).
    /// - Returns: The key id that allowed it.
    public func verify(method: String, path: String, exp: String?, kid: String?, sig: String?, now: Int64) -> Result<String, SignedLinkError> {
        guard let exp, let kid, let sig else { return .failure(SignedLinkError(.missing)) }
        guard let expires = Int64(exp), !kid.isEmpty, sig.count == 43 else { return .failure(SignedLinkError(.malformed)) }
        guard let key = keys.first(where: { ConstantTime.equal($0.id, kid) }) else { return .failure(SignedLinkError(.unknownKey)) }
        let expected = signature(method: method, path: path, expires: expires, key: key.secret)
        guard ConstantTime.equal(expected, sig) else { return .failure(SignedLinkError(.badSignature)) }
        guard expires > now else { return .failure(SignedLinkError(.expired)) }
        return .success(key.id)
    }

    private func signature(method: String, path: String, expires: Int64, key: SymmetricKey) -> String {
        let message = Data("\(method.uppercased())\n\(path)\n\(expires)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// A refused signed link.
public struct SignedLinkError: Error, Sendable, Equatable {
    /// Why.
    public var refusal: URLSigner.Refusal

    init(_ refusal: URLSigner.Refusal) { self.refusal = refusal }
}
