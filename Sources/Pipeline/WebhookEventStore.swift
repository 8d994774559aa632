public import JobQueue

/// Where delivered notifications are kept, with the jobs they start, before RingCentral is told
/// they arrived.
public protocol WebhookEventStore: Sendable {
    /// Stores `event` and enqueues `jobs` in one unit of work.
    /// - Returns: `false` when an event with the same id was stored before (nothing changes).
    func recordEvent(_ event: WebhookEvent, jobs: [JobRequest]) async throws -> Bool

    /// The stored event with that id, or `nil`.
    func event(_ id: String) async throws -> WebhookEvent?

    /// A value of the webhook's own state (such as the subscription id), or `nil`.
    func state(_ name: String) async throws -> String?

    /// Sets (or, with `nil`, removes) a value of the webhook's own state.
    func setState(_ name: String, to value: String?) async throws
}
