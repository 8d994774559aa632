import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The operator page's sign-in sessions: the API token is exchanged once for an HMAC-signed,
/// expiring cookie (`HttpOnly`, `SameSite=Strict`, `Secure` when the public URL is https), so the
/// token never sits in the browser.
///
/// A cookie is `ID.EXPIRES.SIGNATURE`: a random id, the expiry in seconds since 1970, and an
/// HMAC-SHA256 over both with a key derived from the server's session secret *and* the API token,
/// so changing the token ends every session. Signing out revokes the id in this process until it
/// would have expired anyway.
///
/// Requests that change something and arrive with only the cookie must carry the session's CSRF
/// token in ``csrfHeader`` (the page reads it from `GET /session`, a same-origin read), and an
/// `Origin`, when the browser sends one, of this server.
final class SessionKeeper: Sendable {
    /// A verified session.
    struct Session: Sendable, Equatable {
        /// The random id (22 characters of base64url).
        var id: String
        /// Expiry, in seconds since 1970.
        var expires: Int64

        /// The part of the id the access log and audit may show.
        var shortId: String { String(id.prefix(8)) }
    }

    /// The header that carries the CSRF token.
    static let csrfHeader = HTTPField.Name("X-Callvault-CSRF")!

    /// Sign-in failures allowed per ``failureWindowSeconds`` before sign-in answers 429.
    static let maximumFailures = 10
    static let failureWindowSeconds: Int64 = 60

    private let key: SymmetricKey
    /// How long a session lasts.
    let lifetimeSeconds: Int64
    /// Whether cookies carry `Secure` (and the `__Host-` name).
    let secure: Bool
    /// The origins besides the request's own that may send cookie-authenticated changes.
    let allowedOrigins: Set<String>
    private let revoked = Mutex<[String: Int64]>([:])
    private let failures = Mutex<[Int64]>([])

    /// - Parameters:
    ///   - secret: The server's session secret (kept in the home).
    ///   - apiToken: `CALLVAULT_API_TOKEN`; bound into the key.
    ///   - lifetimeSeconds: How long a session lasts.
    ///   - publicURL: `CALLVAULT_PUBLIC_URL`: https makes cookies `Secure`; its origin is allowed.
    init(secret: [UInt8], apiToken: String?, lifetimeSeconds: Int64, publicURL: String?) {
        let binding = Data(SHA256.hash(data: Data((apiToken ?? "").utf8)))
        key = SymmetricKey(
            data: Data(HMAC<SHA256>.authenticationCode(for: Data("callvault session v1\n".utf8) + binding, using: SymmetricKey(data: secret))))
        self.lifetimeSeconds = lifetimeSeconds
        let origin = publicURL.flatMap(Self.origin(of:))
        secure = origin?.hasPrefix("https://") == true
        allowedOrigins = origin.map { [$0] } ?? []
    }

    /// The cookie's name: `__Host-` prefixed when `Secure` (the browser then refuses it from any
    /// other host or path).
    var cookieName: String { secure ? "__Host-callvault_session" : "callvault_session" }

    /// 32 random bytes, for a process without a stored session secret.
    static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A new session from `now` (seconds since 1970), and its cookie value.
    func issue(now: Int64) -> (session: Session, value: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let session = Session(id: Self.base64url(bytes), expires: now + lifetimeSeconds)
        return (session, "\(session.id).\(session.expires).\(signature(session))")
    }

    /// The session a cookie value names, if it is well formed, signed by this server, unexpired
    /// and not signed out.
    func verify(_ value: String, now: Int64) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 22, let expires = Int64(parts[1]), parts[2].count == 43 else { return nil }
        let session = Session(id: String(parts[0]), expires: expires)
        guard ConstantTime.equal(signature(session), String(parts[2])), expires > now else { return nil }
        guard revoked.withLock({ $0[session.id] == nil }) else { return nil }
        return session
    }

    /// The session of a request's cookie, if valid.
    func session(of request: Request, now: Int64) -> Session? {
        guard let value = request.cookies[cookieName]?.value else { return nil }
        return verify(value, now: now)
    }

    /// Whether the request carries a session cookie at all (valid or not).
    func hasCookie(_ request: Request) -> Bool { request.cookies[cookieName] != nil }

    /// Ends a session in this process.
    func revoke(_ session: Session, now: Int64) {
        revoked.withLock { revoked in
            revoked = revoked.filter { $0.value > now }
            revoked[session.id] = session.expires
        }
    }

    /// The CSRF token of a session.
    func csrfToken(_ session: Session) -> String {
        Self.base64url(Array(HMAC<SHA256>.authenticationCode(for: Data("csrf\n\(session.id)".utf8), using: key)))
    }

    /// Refuses a cookie-authenticated change without the session's CSRF token, or from another
    /// origin.
    /// - Throws: ``APIError`` 403 `csrf`.
    func checkChange(_ request: Request, session: Session) throws {
        guard let sent = request.headers[Self.csrfHeader], ConstantTime.equal(sent, csrfToken(session)) else {
            throw APIError(.forbidden, "csrf", "a change made with the session cookie needs the X-Callvault-CSRF header of GET /session")
        }
        try checkOrigin(request)
    }

    /// Refuses a request whose `Origin` is neither this server (as the request names it) nor the
    /// public URL's; a request without `Origin` passes (same-origin GETs and non-browsers).
    /// - Throws: ``APIError`` 403 `csrf`.
    func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        if let authority = request.head.authority, origin == "http://\(authority)" || origin == "https://\(authority)" { return }
        if allowedOrigins.contains(origin) { return }
        throw APIError(.forbidden, "csrf", "requests from another origin cannot use the session cookie")
    }

    /// Counts a failed sign-in; whether sign-in is still allowed (fewer than
    /// ``maximumFailures`` failures in the window).
    func signInAllowed(now: Int64) -> Bool {
        failures.withLock { failures in
            failures.removeAll { $0 <= now - Self.failureWindowSeconds }
            return failures.count < Self.maximumFailures
        }
    }

    /// Records a failed sign-in at `now`.
    func recordFailure(now: Int64) {
        failures.withLock { $0.append(now) }
    }

    /// The `Set-Cookie` value that stores `value` for the session's lifetime.
    func setCookie(_ value: String) -> String {
        "\(cookieName)=\(value); Path=/; Max-Age=\(lifetimeSeconds); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that removes the cookie.
    func clearCookie() -> String {
        "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    private func signature(_ session: Session) -> String {
        Self.base64url(Array(HMAC<SHA256>.authenticationCode(for: Data("session\n\(session.id)\n\(session.expires)".utf8), using: key)))
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `scheme://host[:port]` of a URL, or `nil`.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host
        else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
