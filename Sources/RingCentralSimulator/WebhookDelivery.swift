/// The result of delivering one event to one subscription.
public struct WebhookDelivery: Sendable, Hashable {
    /// The subscription the event went to.
    public var subscriptionId: String
    /// The `event` path of the notification.
    public var event: String
    /// The notification's `uuid`.
    public var uuid: String
    /// HTTP status the subscriber answered, `nil` if it was unreachable.
    public var status: Int?

    /// Whether the subscriber answered 2xx.
    public var succeeded: Bool { (200..<300).contains(self.status ?? 0) }
}
