/// A notification RingCentral delivered, as received.
public struct WebhookEvent: Sendable, Equatable {
    /// What kind of notification.
    public enum Kind: String, Sendable, Codable {
        /// A telephony session event (`…/telephony/sessions`).
        case telephony
        /// RingSense insights (`/ai/ringsense/…/insights`).
        case ringSenseInsights = "ringsense-insights"
        /// The callback of an async AI job.
        case aiResult = "ai-result"
    }

    /// RingCentral's `uuid` of the notification (for an AI callback, `ai:<jobId>`): a second
    /// delivery with the same id changes nothing.
    public var id: String
    /// What kind.
    public var kind: Kind
    /// When it arrived, milliseconds since 1970.
    public var receivedAtMillis: Int64
    /// The request body exactly as received.
    public var body: [UInt8]

    /// Creates an event.
    public init(id: String, kind: Kind, receivedAtMillis: Int64, body: [UInt8]) {
        self.id = id
        self.kind = kind
        self.receivedAtMillis = receivedAtMillis
        self.body = body
    }
}
