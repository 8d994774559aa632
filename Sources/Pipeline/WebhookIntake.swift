import Essentials
import Foundation
public import JobQueue
import RingCentral

/// Turns a delivered notification into a stored event and the jobs that act on it.
///
/// A telephony session event whose party is `Disconnected` with recordings starts
/// `fetch-call-by-session` (one per session); RingSense insights and AI job results start
/// `ingest-webhook-event`. Everything else is stored and starts nothing. The event and its jobs
/// commit together before the caller answers 200, so a process killed right after loses nothing;
/// the same notification delivered twice changes nothing.
public struct WebhookIntake: Sendable {
    let store: any WebhookEventStore
    let queue: JobQueue

    /// An intake storing into `store` and enqueueing on `queue`.
    public init(store: any WebhookEventStore, queue: JobQueue) {
        self.store = store
        self.queue = queue
    }

    /// What a delivery led to.
    public enum Outcome: Sendable, Equatable {
        /// Stored, with this many jobs enqueued.
        case stored(jobs: Int)
        /// Seen before: nothing changed.
        case duplicate
    }

    /// Takes a RingCentral notification (subscription webhook).
    /// - Throws: ``WebhookError`` `.malformed` for a body that is not a notification we know.
    public func receiveNotification(_ body: [UInt8]) async throws -> Outcome {
        guard let notification = try? JSONDecoder().decode(WebhookNotification.self, from: Data(body)) else {
            throw WebhookError(.malformed, "the body is not a RingCentral notification (no uuid or event)")
        }
        let uuid = notification.uuid
        let now = queue.now()
        switch notification.body {
        case .telephonySession(let event):
            var jobs: [JobRequest] = []
            let ended = event.parties.contains { $0.statusCode == "Disconnected" && !$0.recordings.isEmpty }
            if ended, let session = event.telephonySessionId {
                jobs.append(try queue.prepared(FetchCallBySessionJob.request(telephonySessionId: session, seenAtMillis: now)))
            }
            return try await record(WebhookEvent(id: uuid, kind: .telephony, receivedAtMillis: now, body: body), jobs: jobs)
        case .ringSenseInsights:
            let job = try queue.prepared(IngestWebhookEventJob.request(eventId: uuid))
            return try await record(WebhookEvent(id: uuid, kind: .ringSenseInsights, receivedAtMillis: now, body: body), jobs: [job])
        case .unreadable(let expected):
            throw WebhookError(.malformed, "the \(expected) notification does not parse")
        case .other:
            throw WebhookError(
                .unsupported, "notifications for \(notification.event.split(separator: "?").first ?? "") are not handled")
        }
    }

    /// Takes the callback of an async AI job.
    /// - Throws: ``WebhookError`` `.malformed` for a body that is not a job result.
    public func receiveAIResult(_ body: [UInt8]) async throws -> Outcome {
        guard let status = try? JSONDecoder().decode(AIJobStatus.self, from: Data(body)), status.isFinished else {
            throw WebhookError(.malformed, "the body is not a finished AI job result")
        }
        let id = "ai:\(status.jobId)"
        let job = try queue.prepared(IngestWebhookEventJob.request(eventId: id))
        return try await record(WebhookEvent(id: id, kind: .aiResult, receivedAtMillis: queue.now(), body: body), jobs: [job])
    }

    private func record(_ event: WebhookEvent, jobs: [JobRequest]) async throws -> Outcome {
        try await store.recordEvent(event, jobs: jobs) ? .stored(jobs: jobs.count) : .duplicate
    }
}
