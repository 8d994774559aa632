import Archive
import Essentials
import Foundation
public import JobQueue
import Logging
import RingCentral
import Transcripts

/// `fetch-insights`: gets a filed recording's RingSense transcript and insights (Light group),
/// enqueued in the same unit of work that files the recording (key `insights:<recordingId>`).
///
/// Availability is learned from the token's scope: without `RingSense` (and, in `auto`, without
/// `AI`) the recording is marked "unavailable" with the reason and nothing is requested; with
/// only `AI`, the async AI API takes over (`transcribe-recording`). A 404 means "not ready yet":
/// the job snoozes (no attempt spent) on a growing schedule until 48 hours after the call, then
/// records "none". A 403 (no licence for the user) records "unavailable". After storing a
/// version, the job looks once more an hour after it was created, for the newer version AI
/// Notes delivers.
public enum FetchInsightsJob {
    public static let kind = "fetch-insights"
    static let keyPrefix = "insights"

    /// The job for one recording.
    public static func request(recordingId: String) -> JobRequest {
        RecordingJobPayload.request(kind: kind, keyPrefix: keyPrefix, recordingId: recordingId)
    }

    public static func definition(_ context: PipelineContext) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 8, baseMillis: 5_000, capMillis: 3_600_000),
            rateLimitKey: RateLimitGroup.light.key, validatePayload: RecordingJobPayload.validate
        ) { job in
            try await run(job, context)
        }
    }

    static func run(_ job: JobContext, _ context: PipelineContext) async throws {
        let payload = try job.job.decodePayload(as: RecordingJobPayload.self)
        let id = payload.recordingId
        guard let recording = try await context.catalog.recording(id), let call = try await context.catalog.call(recording.callId) else {
            throw JobError.permanent("recording \(id) or its call is not in the catalog")
        }
        let scopes: Set<String>
        do {
            scopes = try await context.client.grantedScopes()
        } catch let error as RingCentralError {
            throw error.jobError(now: job.queue.now())
        }
        let (service, reason) = context.transcriptSettings.mode.service(scopes: scopes)
        switch service {
        case nil:
            TranscriptAvailability.logOnce(reason ?? "transcripts are off", logger: job.logger)
            try await context.transcripts.setTranscriptStatus(recordingId: id, TranscriptStatus(state: .unavailable, reason: reason))
            job.note("no transcript: \(reason ?? "transcripts are off")")
            return
        case .ai:
            try await job.queue.enqueue(TranscribeRecordingJob.request(recordingId: id))
            job.note("the token has AI but not RingSense: transcribing with the async AI API (transcribe-recording)")
            return
        case .ringsense:
            break
        }
        let document: RingSenseDocument
        let now = job.queue.now()
        do {
            document = try await context.client.ringSenseDocument(recordingId: id, budget: .prepaid)
        } catch let error as RingCentralError where error.code == .notFound {
            let callEnd = call.startTimeMillis + (call.durationSeconds ?? 0) * 1000
            guard let next = context.transcriptSettings.nextCheck(callEndMillis: callEnd, now: now) else {
                try await context.transcripts.setTranscriptStatus(
                    recordingId: id, TranscriptStatus(state: .none, reason: "RingSense had no insights 48 hours after the call"))
                job.logger.info("no insights within 48 hours", metadata: ["recording": "\(id)"])
                job.note("no transcript: RingSense had no insights 48 hours after the call")
                return
            }
            try await context.transcripts.setTranscriptStatus(
                recordingId: id, TranscriptStatus(state: .pending, reason: "RingSense insights not ready yet"))
            throw JobError.snooze(until: max(next, now + 1_000), "insights not ready yet (404); next check at \(Millis.iso8601(next))")
        } catch let error as RingCentralError where error.code == .forbidden {
            let reason = "RingSense refused the insights (403): no RingSense licence for the recorded user? \(error.message)"
            try await context.transcripts.setTranscriptStatus(recordingId: id, TranscriptStatus(state: .unavailable, reason: reason))
            job.logger.info("insights unavailable", metadata: ["recording": "\(id)", "reason": "\(error.message)"])
            job.note("no transcript: \(reason)")
            return
        } catch let error as RingCentralError {
            throw error.jobError(now: now)
        }
        let transcript = try TranscriptNormalizer.ringSense(document.insights)
        let stored = try await TranscriptArchiver(context).store(
            recordingId: id, transcript: transcript, raw: (try? AnyJSON.parse(Data(document.body))) ?? .null)
        job.logger.info(stored ? "transcript stored" : "transcript unchanged", metadata: ["recording": "\(id)", "segments": "\(transcript.segments.count)"])
        // AI Notes delivers a second, newer version: look once more, an hour after this one was made.
        let created = document.insights.creationTime.flatMap(Millis.parse).map(Millis.from) ?? transcript.versionMillis
        let recheck = created + context.transcriptSettings.recheckMillis
        if recheck > now {
            throw JobError.snooze(until: recheck, "transcript stored; looking again for a newer version at \(Millis.iso8601(recheck))")
        }
    }
}
