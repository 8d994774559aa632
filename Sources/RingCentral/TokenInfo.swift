/// The token endpoint's answer (`TokenInfo`).
public struct TokenInfo: Sendable, Codable, Equatable {
    public var accessToken: String
    public var tokenType: String?
    /// Seconds.
    public var expiresIn: Int
    public var refreshToken: String?
    public var refreshTokenExpiresIn: Int?
    public var scope: String?
    public var ownerId: String?
    public var sessionId: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case refreshTokenExpiresIn = "refresh_token_expires_in"
        case scope
        case ownerId = "owner_id"
        case sessionId = "session_id"
    }
}
