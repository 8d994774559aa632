import Archive
import Essentials
import Foundation
public import JobQueue
import Logging
import RingCentral
import Transcripts

/// `transcribe-recording`: the async AI API's speech-to-text with diarization, for accounts
/// whose token has `AI` but not `RingSense` (key `transcribe:<recordingId>`, Heavy group).
///
/// The first run submits the recording's `contentUri` (with the `access_token` the service needs),
/// its real encoding and the configured language, records the AI job id and snoozes; later runs
/// poll the job (the callback, when `CALLVAULT_PUBLIC_URL` is set, stores the result sooner).
/// `Success` is stored as the transcript; `Fail` records "unavailable" with the CAI error.
public enum TranscribeRecordingJob {
    public static let kind = "transcribe-recording"

    /// The job for one recording.
    public static func request(recordingId: String) -> JobRequest {
        RecordingJobPayload.request(kind: kind, keyPrefix: "transcribe", recordingId: recordingId)
    }

    /// Polls of a running AI job: a minute, then growing to an hour.
    static func pollDelay(snoozes: Int) -> Int64 {
        min(3_600_000, 60_000 << min(6, Int64(snoozes)))
    }

    public static func definition(_ context: PipelineContext) -> JobDefinition {
        JobDefinition(
            kind: kind, retry: RetryPolicy(maxAttempts: 6, baseMillis: 10_000, capMillis: 3_600_000),
            rateLimitKey: RateLimitGroup.heavy.key, validatePayload: RecordingJobPayload.validate
        ) { job in
            try await run(job, context)
        }
    }

    static func run(_ job: JobContext, _ context: PipelineContext) async throws {
        let id = try job.job.decodePayload(as: RecordingJobPayload.self).recordingId
        guard let recording = try await context.catalog.recording(id) else {
            throw JobError.permanent("recording \(id) is not in the catalog")
        }
        let now = job.queue.now()
        let status = try await context.transcripts.transcriptStatus(recordingId: id)
        if status?.state == .available || status?.state == .unavailable { return }
        do {
            if let aiJob = status?.aiJobId {
                let result = try await context.client.aiJobStatus(aiJob, budget: .prepaid)
                try await AITranscriptIngest(context).ingest(recordingId: id, status: result, logger: job.logger)
                if result.status == "Fail" { job.note("no transcript: the AI job failed: \(result.failure ?? "no reason given")") }
                if !result.isFinished {
                    throw JobError.snooze(until: now + pollDelay(snoozes: job.job.snoozeCount), "AI job \(aiJob) still in progress")
                }
                return
            }
            // The service fetches RingCentral's media, not our copy: the encoding is the received format's.
            let files = try await context.catalog.files(recordingId: id)
            let received = files.first { $0.role == .original } ?? files.first { $0.role == .audio }
            let encoding = received?.format == "wav" ? "Wav" : "Mpeg"
            let webhook = context.transcriptSettings.aiCallbackURL ?? "https://callvault.invalid/no-callback-configured"
            let aiJob = try await context.client.speechToText(
                contentUri: recording.contentUri, encoding: encoding, languageCode: context.transcriptSettings.language,
                webhook: webhook, budget: .prepaid)
            try await context.transcripts.setTranscriptStatus(
                recordingId: id, TranscriptStatus(state: .pending, reason: "AI job \(aiJob) submitted", aiJobId: aiJob))
            job.logger.info("AI transcription submitted", metadata: ["recording": "\(id)", "aiJob": "\(aiJob)"])
            throw JobError.snooze(until: now + 60_000, "AI job \(aiJob) submitted; polling for its result")
        } catch let error as RingCentralError where error.code == .notFound && status?.aiJobId != nil {
            // The AI job expired or is unknown: submit again on the next run.
            try await context.transcripts.setTranscriptStatus(
                recordingId: id, TranscriptStatus(state: .pending, reason: "AI job expired; submitting again"))
            throw JobError.retry("AI job \(status?.aiJobId ?? "?") is unknown (404); submitting again")
        } catch let error as RingCentralError where error.code == .forbidden {
            let reason = "the AI API refused (403): \(error.message)"
            try await context.transcripts.setTranscriptStatus(recordingId: id, TranscriptStatus(state: .unavailable, reason: reason))
            job.note("no transcript: \(reason)")
        } catch let error as RingCentralError {
            throw error.jobError(now: now)
        }
    }
}
