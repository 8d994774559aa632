/// A token as kept between runs: what was granted and when each part expires.
struct StoredToken: Sendable, Codable, Equatable {
    var accessToken: String
    /// Milliseconds since 1970.
    var accessExpiresAt: Int64
    var refreshToken: String?
    var refreshExpiresAt: Int64?
    var ownerId: String?
    /// The permissions granted with the token (`scope`, space-separated), e.g. `ReadCallLog RingSense`.
    var scope: String?
    /// A hash of the credentials that produced it: other credentials never reuse it.
    var credentialsFingerprint: String

    /// Whether the access token is good for at least `marginMillis` more.
    func accessValid(now: Int64, marginMillis: Int64) -> Bool { accessExpiresAt - marginMillis > now }

    func refreshValid(now: Int64) -> Bool {
        guard refreshToken != nil else { return false }
        return (refreshExpiresAt ?? 0) - 5_000 > now
    }
}
