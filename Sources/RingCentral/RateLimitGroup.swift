/// RingCentral's throttling groups, each a shared budget under a key of the ``RateLimitBudget``.
public struct RateLimitGroup: Hashable, Sendable, CustomStringConvertible {
    /// The group name as RingCentral sends it in `X-Rate-Limit-Group` (lower case).
    public let name: String
    /// RingCentral's documented default: requests per window.
    public let defaultLimit: Int
    public let defaultWindowSeconds: Int

    public static let light = RateLimitGroup(name: "light", defaultLimit: 50, defaultWindowSeconds: 60)
    public static let medium = RateLimitGroup(name: "medium", defaultLimit: 40, defaultWindowSeconds: 60)
    public static let heavy = RateLimitGroup(name: "heavy", defaultLimit: 10, defaultWindowSeconds: 60)
    public static let auth = RateLimitGroup(name: "auth", defaultLimit: 5, defaultWindowSeconds: 60)
    public static let all: [RateLimitGroup] = [.light, .medium, .heavy, .auth]

    /// The budget key, such as `ringcentral:heavy`.
    public var key: String { "ringcentral:\(name)" }

    /// The window the budget enforces for RingCentral's `windowSeconds`: widened by 5 % (at least
    /// 100 ms) because a request leaves a moment after its token is granted.
    public static func enforcedWindowMillis(windowSeconds: Int) -> Int64 {
        let window = Int64(windowSeconds) * 1000
        return window + max(100, window / 20)
    }

    /// The default budget's window, as enforced.
    public var defaultWindowMillis: Int64 { Self.enforcedWindowMillis(windowSeconds: defaultWindowSeconds) }

    /// The group for an `X-Rate-Limit-Group` value.
    public static func named(_ name: String) -> RateLimitGroup? {
        all.first { $0.name == name.lowercased() }
    }

    public var description: String { name }
}
