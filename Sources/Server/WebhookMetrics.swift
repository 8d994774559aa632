import Metrics

/// Counts webhook deliveries by outcome (`stored`, `duplicate`, `malformed`, `unsupported`).
enum WebhookMetrics {
    static func count(_ outcome: String) {
        Counter(label: "callvault_webhook_events_total", dimensions: [("outcome", outcome)]).increment()
    }
}
