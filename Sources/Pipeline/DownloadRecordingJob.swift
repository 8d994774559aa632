import Essentials
import Archive
import Essentials
import Foundation
public import JobQueue
import Logging
import RingCentral

/// `download-recording`: streams one recording into `tmp/` (resuming a partial file), spending
/// one Heavy token at claim time, and records it as downloaded.
///
/// Failure classes: 404 is dead at once (RingCentral keeps recordings 90 days); 429 and a
/// `CMN-301` body snooze until the group's pause ends without spending an attempt; 5xx, resets and
/// truncation retry with backoff; a body that is not audio is dead with its text.
public enum DownloadRecordingJob {
    public static let kind = "download-recording"

    public static func idempotencyKey(_ recordingId: String) -> String { "\(keyPrefix):\(recordingId)" }
    static let keyPrefix = "download"

    /// The job for one recording.
    public static func request(recordingId: String) -> JobRequest {
        RecordingJobPayload.request(kind: kind, keyPrefix: keyPrefix, recordingId: recordingId)
    }

    public static func definition(_ context: PipelineContext) -> JobDefinition {
        JobDefinition(
            kind: kind,
            retry: RetryPolicy(maxAttempts: 8, baseMillis: 2_000, capMillis: 600_000),
            rateLimitKey: RateLimitGroup.heavy.key,
            validatePayload: RecordingJobPayload.validate
        ) { job in
            try await run(job, context)
        }
    }

    static func run(_ job: JobContext, _ context: PipelineContext) async throws {
        let payload = try job.job.decodePayload(as: RecordingJobPayload.self)
        let catalog = context.catalog
        guard let recording = try await catalog.recording(payload.recordingId) else {
            throw JobError.permanent("recording \(payload.recordingId) is not in the catalog")
        }
        if recording.state == .archived { return }
        let path = (try context.temporaryDirectory() as NSString).appendingPathComponent("recording_\(recording.id).part")
        if recording.state == .downloaded, recording.tmpPath == path, FileManager.default.fileExists(atPath: path) {
            // Downloaded before (a repeated job): hand it to normalization again, no request.
            try await job.queue.enqueue(NormalizeRecordingJob.followUps(recording.id, queue: job.queue))
            return
        }
        let download: RecordingDownload
        do {
            download = try await context.client.downloadRecording(contentUri: recording.contentUri, to: path, budget: .prepaid)
        } catch let error as RingCentralError where error.status == 416 {
            // The partial file does not fit the entity any more: start over on the next attempt.
            try? FileManager.default.removeItem(atPath: path)
            throw JobError.retry("range not satisfiable; restarting the download: \(error.message)")
        } catch let error as RingCentralError {
            let failure = error.jobError(now: job.queue.now()) {
                "recording \(recording.id) is gone (404; RingCentral keeps recordings 90 days): \($0)"
            }
            if case .permanent = failure.disposition {
                try await catalog.markFailed(recording.id, error: failure.message)
            }
            throw failure
        }
        if let expected = download.expectedBytes, expected != download.bytes {
            throw JobError.retry("truncated download: \(download.bytes) of \(expected) bytes")
        }
        // The bytes are recorded and their normalization enqueued in one unit of work.
        try await catalog.markDownloaded(
            recording.id, tmpPath: path, contentType: download.contentType, bytes: download.bytes, sha256: download.sha256,
            followUps: try NormalizeRecordingJob.followUps(recording.id, queue: job.queue)
        )
        job.logger.info("downloaded", metadata: ["recording": "\(recording.id)", "bytes": "\(download.bytes)", "format": "\(download.format)"])
    }
}
