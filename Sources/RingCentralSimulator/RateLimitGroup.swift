/// RingCentral's throttling groups. The raw value is the lower-case `X-Rate-Limit-Group` header value.
public enum RateLimitGroup: String, Sendable, Hashable, CaseIterable, Codable {
    /// Reads such as subscriptions and RingSense (50 requests a minute by default).
    case light
    /// Writes such as creating a subscription (40 a minute).
    case medium
    /// Call log, recordings and the AI API (10 a minute).
    case heavy
    /// The OAuth endpoints (5 a minute).
    case auth
}
