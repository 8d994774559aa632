public import JobQueue

/// Where delivered notifications are kept, with the jobs they start, before RingCentral is told
/// they arrived.
public protocol WebhookEventStore: Sendable {
    /// Stores `event` and enqueues `jobs` in one unit of work.
    /// - Returns: `false` when an event with the same id was stored before (nothing changes).
    func recordEvent(_ event: WebhookEvent, jobs: [JobRequest]) async throws -> Bool

    /// The stored event with that id, or `nil`.
    func event(_ id: String) async throws -> WebhookEvent?
}
