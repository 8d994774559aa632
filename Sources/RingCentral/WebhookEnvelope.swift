/// Every webhook notification: `uuid`, `event`, `timestamp`, `subscriptionId`, `ownerId`, `body`.
public struct WebhookEnvelope<Body: Decodable & Sendable>: Sendable, Decodable {
    /// Unique per notification; a repeated uuid is a duplicate delivery.
    public var uuid: String
    /// The filter with ids expanded, e.g. `/restapi/v1.0/account/123/telephony/sessions`.
    public var event: String
    public var timestamp: String?
    public var subscriptionId: String?
    public var ownerId: String?
    public var body: Body

    enum CodingKeys: String, CodingKey { case uuid, event, timestamp, subscriptionId, ownerId, body }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let uuid = c.lossyString(.uuid), let event = c.lossyString(.event) else {
            throw DecodingError.dataCorruptedError(forKey: .uuid, in: c, debugDescription: "notification without uuid or event")
        }
        self.uuid = uuid
        self.event = event
        timestamp = c.lossyString(.timestamp)
        subscriptionId = c.lossyString(.subscriptionId)
        ownerId = c.lossyString(.ownerId)
        body = try c.decode(Body.self, forKey: .body)
    }

    /// Whether the event is a telephony session event.
    public var isTelephonySession: Bool { WebhookNotification.isTelephonySession(event) }
    /// Whether the event is a RingSense insights event.
    public var isRingSenseInsights: Bool { WebhookNotification.isRingSenseInsights(event) }
}
