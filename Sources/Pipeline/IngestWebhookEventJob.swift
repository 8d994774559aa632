import Essentials
import Foundation
public import JobQueue
import Logging
import RingCentral
import Transcripts

/// `ingest-webhook-event`: stores what a notification delivered (key `event:<id>`): RingSense
/// insights as the recording's transcript (no GET), an async AI job's result as its transcript.
///
/// Insights can arrive before the recording is filed: the job snoozes until it is (the
/// recording's own `fetch-insights` gets them too, so waiting is bounded at 48 hours).
public enum IngestWebhookEventJob {
    public static let kind = "ingest-webhook-event"

    struct Payload: Codable {
        var eventId: String
    }

    /// The job for one stored event.
    public static func request(eventId: String) -> JobRequest {
        let text = (try? JSONEncoder().encode(Payload(eventId: eventId))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return JobRequest(kind: kind, payload: text, idempotencyKey: "event:\(eventId)", priority: -1)
    }

    public static func definition(_ context: PipelineContext, events: any WebhookEventStore) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 6, baseMillis: 5_000, capMillis: 600_000),
            validatePayload: { _ = try JSONDecoder().decode(Payload.self, from: Data($0.utf8)) }
        ) { job in
            let id = try job.job.decodePayload(as: Payload.self).eventId
            guard let event = try await events.event(id) else { throw JobError.permanent("no stored event \(id)") }
            switch event.kind {
            case .ringSenseInsights:
                try await ingestInsights(event, job: job, context: context)
            case .aiResult:
                let status = try JSONDecoder().decode(AIJobStatus.self, from: Data(event.body))
                guard let recordingId = try await context.transcripts.recordingId(aiJobId: status.jobId) else {
                    job.note("no recording waits for AI job \(status.jobId)")
                    return
                }
                try await AITranscriptIngest(context).ingest(recordingId: recordingId, status: status, logger: job.logger)
            case .telephony:
                return
            }
        }
    }

    static func ingestInsights(_ event: WebhookEvent, job: JobContext, context: PipelineContext) async throws {
        let envelope = try JSONDecoder().decode(WebhookEnvelope<RecordingInsights>.self, from: Data(event.body))
        guard let recordingId = envelope.body.sourceRecordId else { throw JobError.permanent("the insights name no sourceRecordId") }
        let transcript = try TranscriptNormalizer.ringSense(envelope.body)
        let raw = (try? AnyJSON.parse(Data(event.body)))?.member("body") ?? .null
        do {
            let stored = try await TranscriptArchiver(context).store(recordingId: recordingId, transcript: transcript, raw: raw)
            job.logger.info(stored ? "delivered transcript stored" : "delivered transcript not newer", metadata: ["recording": "\(recordingId)"])
        } catch let error as TranscriptError where error.code == .notFound {
            // Delivered before the recording is filed: wait for it (bounded).
            if job.queue.now() - event.receivedAtMillis > 48 * 3_600_000 {
                job.note("recording \(recordingId) was never filed; its delivered insights were not stored")
                return
            }
            throw JobError.snooze(until: job.queue.now() + 120_000, "recording \(recordingId) is not filed yet")
        }
    }
}
