/// A delivered notification decoded in one pass: the envelope's `uuid` and `event`, and the body
/// decoded as the type its event names.
///
/// The intake reads every delivery once: a probe for the event followed by a typed decode parsed
/// each body twice, a third of the intake's JSON work.
public struct WebhookNotification: Sendable, Decodable {
    /// The body, typed by the event.
    public enum Body: Sendable {
        /// A telephony session event.
        case telephonySession(TelephonySessionEvent)
        /// RingSense insights for a recording.
        case ringSenseInsights(RecordingInsights)
        /// The event is one of the above (named here, e.g. "telephony session"), but its body does
        /// not parse as it.
        case unreadable(expected: String)
        /// An event of another kind; its body is not read.
        case other
    }

    /// Unique per notification; a repeated uuid is a duplicate delivery.
    public var uuid: String
    /// The filter with ids expanded, e.g. `/restapi/v1.0/account/123/telephony/sessions`.
    public var event: String
    /// The body, typed by ``event``.
    public var body: Body

    enum CodingKeys: String, CodingKey { case uuid, event, body }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let uuid = c.lossyString(.uuid), !uuid.isEmpty, let event = c.lossyString(.event) else {
            throw DecodingError.dataCorruptedError(forKey: .uuid, in: c, debugDescription: "notification without uuid or event")
        }
        self.uuid = uuid
        self.event = event
        if Self.isTelephonySession(event) {
            body = (try? c.decode(TelephonySessionEvent.self, forKey: .body)).map(Body.telephonySession)
                ?? .unreadable(expected: "telephony session")
        } else if Self.isRingSenseInsights(event) {
            body = (try? c.decode(RecordingInsights.self, forKey: .body)).map(Body.ringSenseInsights) ?? .unreadable(expected: "RingSense")
        } else {
            body = .other
        }
    }

    /// Whether `event` names telephony session events.
    static func isTelephonySession(_ event: String) -> Bool { event.contains("/telephony/sessions") }
    /// Whether `event` names RingSense insights events.
    static func isRingSenseInsights(_ event: String) -> Bool { event.contains("/ai/ringsense/") && event.hasSuffix("/insights") }
}
