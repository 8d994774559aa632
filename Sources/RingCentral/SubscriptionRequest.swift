/// `POST /restapi/v1.0/subscription` body for a webhook.
public struct SubscriptionRequest: Sendable, Encodable, Equatable {
    public struct DeliveryMode: Sendable, Encodable, Equatable {
        public var transportType = "WebHook"
        public var address: String
        /// Sent back on every delivery in `Verification-Token`; compare in constant time.
        public var verificationToken: String?
    }

    public var eventFilters: [String]
    public var deliveryMode: DeliveryMode
    /// Seconds; RingCentral's default when omitted is about 7 days.
    public var expiresIn: Int?

    /// A webhook for `eventFilters` at `address`.
    public init(eventFilters: [String], address: String, verificationToken: String?, expiresIn: Int? = nil) {
        self.eventFilters = eventFilters
        deliveryMode = DeliveryMode(address: address, verificationToken: verificationToken)
        self.expiresIn = expiresIn
    }

    /// The filters an archiver needs: account telephony sessions and RingSense insights.
    public static let archiverFilters = [
        "/restapi/v1.0/account/~/telephony/sessions",
        "/ai/ringsense/v1/public/accounts/~/domains/pbx/insights",
    ]
}
