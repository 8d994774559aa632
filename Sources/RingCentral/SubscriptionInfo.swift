/// A subscription as RingCentral reports it (`SubscriptionInfo`).
public struct SubscriptionInfo: Sendable, Codable, Equatable {
    public var id: String
    public var uri: String?
    /// With `~` expanded to real ids.
    public var eventFilters: [String]
    public var status: String?
    public var expirationTime: String?
    public var expiresIn: Int64?
    public var address: String?
    /// Filters RingCentral accepted but will not deliver, with why (`filter: reason`).
    public var disabledFilters: [String]

    enum CodingKeys: String, CodingKey { case id, uri, eventFilters, status, expirationTime, expiresIn, deliveryMode, disabledFilters }

    /// One entry of `disabledFilters`.
    struct DisabledFilter: Decodable {
        var filter: String?
        var reason: String?
        var message: String?
    }
    enum DeliveryKeys: String, CodingKey { case address }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lossyString(.id) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "subscription without id")
        }
        self.id = id
        uri = c.lossyString(.uri)
        eventFilters = c.lossyArray(String.self, .eventFilters)
        status = c.lossyString(.status)
        expirationTime = c.lossyString(.expirationTime)
        expiresIn = c.lossyInt(.expiresIn)
        address = (try? c.nestedContainer(keyedBy: DeliveryKeys.self, forKey: .deliveryMode))?.lossyString(.address)
        disabledFilters = c.lossyArray(DisabledFilter.self, .disabledFilters).map {
            "\($0.filter ?? "?"): \($0.reason ?? $0.message ?? "disabled")"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(uri, forKey: .uri)
        try c.encode(eventFilters, forKey: .eventFilters)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(expirationTime, forKey: .expirationTime)
        try c.encodeIfPresent(expiresIn, forKey: .expiresIn)
        if !disabledFilters.isEmpty { try c.encode(disabledFilters, forKey: .disabledFilters) }
    }
}
