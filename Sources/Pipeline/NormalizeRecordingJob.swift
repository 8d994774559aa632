import Archive
import Foundation
public import JobQueue
import Logging
public import Media

/// `normalize-recording`: verifies the downloaded bytes with the FFmpeg libraries, normalizes
/// them by policy, and files audio, original and sidecar into the tree.
///
/// CPU only: it never downloads again to retry. Not-audio and undecodable bytes are dead with
/// their reason; damaged but decodable audio is repaired (re-encoded from what decodes, recorded
/// in the sidecar); a full disk retries with backoff once space may be back.
public enum NormalizeRecordingJob {
    public static let kind = "normalize-recording"

    /// The job for one recording.
    public static func request(recordingId: String) -> JobRequest {
        RecordingJobPayload.request(kind: kind, keyPrefix: "normalize", recordingId: recordingId)
    }

    /// The recording's normalization as a follow-up job, when this process runs normalizations
    /// (a download-only registry leaves the bytes for one that does).
    static func followUps(_ recordingId: String, queue: JobQueue) throws -> [JobRequest] {
        guard queue.registry.definitions[kind] != nil else { return [] }
        return [try queue.prepared(request(recordingId: recordingId))]
    }

    /// The transcript fetch that files with the recording, when this process fetches transcripts.
    static func transcriptFollowUps(_ recordingId: String, context: PipelineContext, queue: JobQueue) throws -> [JobRequest] {
        guard context.transcriptSettings.mode != .off, queue.registry.definitions[FetchInsightsJob.kind] != nil else { return [] }
        return [try queue.prepared(FetchInsightsJob.request(recordingId: recordingId))]
    }

    /// - Parameter concurrency: Normalizations at once across processes (CPU bound).
    ///   - loudnessTarget: Integrated loudness to reach (LUFS, two-pass linear gain at the source
    ///     rate); `nil` measures and records loudness but changes nothing.
    public static func definition(_ context: PipelineContext, policy: NormalizationPolicy,
                                  loudnessTarget: Double? = nil, concurrency: Int = 2) -> JobDefinition {
        JobDefinition(
            kind: kind,
            retry: RetryPolicy(maxAttempts: 6, baseMillis: 2_000, capMillis: 300_000),
            concurrency: concurrency,
            validatePayload: RecordingJobPayload.validate
        ) { job in
            try await run(job, context, policy: policy, loudnessTarget: loudnessTarget)
        }
    }

    static func run(
        _ job: JobContext, _ context: PipelineContext, policy: NormalizationPolicy, loudnessTarget: Double?
    ) async throws {
        let payload = try job.job.decodePayload(as: RecordingJobPayload.self)
        let catalog = context.catalog
        guard let recording = try await catalog.recording(payload.recordingId),
            let call = try await catalog.call(recording.callId)
        else {
            throw JobError.permanent("recording \(payload.recordingId) or its call is not in the catalog")
        }
        if recording.state == .archived { return }
        guard let received = recording.tmpPath, let sha = recording.receivedSHA256,
            FileManager.default.fileExists(atPath: received)
        else {
            // The downloaded bytes are gone (tmp cleaned by hand): fetch them again.
            try await job.queue.enqueue(DownloadRecordingJob.request(recordingId: recording.id))
            job.logger.warning("downloaded bytes missing; enqueued a new download", metadata: ["recording": "\(recording.id)"])
            return
        }
        let normalized = received + ".normalized"
        defer { try? FileManager.default.removeItem(atPath: normalized) }
        let options = NormalizationOptions(
            policy: policy,
            loudnessTarget: loudnessTarget,
            expectations: ValidationExpectations(
                durationSeconds: recording.expectedDurationSeconds.map(Double.init),
                durationIsUpperBound: recording.expectedDurationIsExact != true, byteCount: recording.receivedBytes
            )
        )
        let record: NormalizationRecord
        do {
            record = try await AudioNormalizer(logger: job.logger).normalize(source: received, destination: normalized, options: options)
        } catch let error as MediaError where error.code == .notAudio || error.code == .decodeFailed || error.code == .noAudioStream {
            try await catalog.markFailed(recording.id, error: error.message)
            throw JobError.permanent("recording \(recording.id) is not usable audio: \(error.message)")
        }
        var store = context.archive
        store.logger = job.logger
        let archived: ArchivedRecording
        do {
            archived = try await store.file(
                recording: recording, call: call, receivedPath: received,
                normalizedPath: record.action == .kept ? nil : normalized, normalization: record, receivedSHA256: sha,
                followUps: try transcriptFollowUps(recording.id, context: context, queue: job.queue)
            )
        } catch let error as ArchiveError where error.code == .diskFull || error.code == .ioFailed {
            throw JobError.retry("cannot file recording \(recording.id): \(error.message)")
        } catch let error as ArchiveError {
            try await catalog.markFailed(recording.id, error: error.message)
            throw JobError.permanent("cannot file recording \(recording.id): \(error.message)")
        }
        try? FileManager.default.removeItem(atPath: received)
        job.logger.info(
            "archived",
            metadata: ["recording": "\(recording.id)", "path": "\(archived.audio.relativePath)", "action": "\(record.action.rawValue)"]
        )
    }
}
