/// RingCentral's throttling groups. The raw value is the lower-case `X-Rate-Limit-Group` header value.
public enum RateLimitGroup: String, Sendable, Hashable, CaseIterable, Codable {
    case light
    case medium
    case heavy
    case auth
}
