import Essentials
import Foundation
public import Logging
public import RingCentral
import Transcripts

/// Stores the result of an async AI job, whether it came by polling or by the job's callback.
public struct AITranscriptIngest: Sendable {
    let context: PipelineContext

    /// An ingest on the pipeline's catalog and storage.
    public init(_ context: PipelineContext) {
        self.context = context
    }

    /// Stores a finished job's transcript (`Success`) or records why there is none (`Fail`);
    /// an unfinished job changes nothing.
    public func ingest(recordingId: String, status: AIJobStatus, logger: Logger) async throws {
        switch status.status {
        case "Success":
            guard let result = try status.transcribed() else { return }
            let completed = status.completionTime.flatMap(Millis.parse).map(Millis.from) ?? context.clock.nowMillis()
            let transcript = TranscriptNormalizer.ai(result, completedMillis: completed, language: context.transcriptSettings.language)
            let raw = status.response.flatMap { try? AnyJSON.parse($0) } ?? .null
            try await TranscriptArchiver(context).store(recordingId: recordingId, transcript: transcript, raw: raw)
            logger.info("AI transcript stored", metadata: ["recording": "\(recordingId)", "segments": "\(transcript.segments.count)"])
        case "Fail":
            let reason = "the AI job failed: \(status.failure ?? "no reason given")"
            try await context.transcripts.setTranscriptStatus(
                recordingId: recordingId, TranscriptStatus(state: .unavailable, reason: reason))
            logger.warning("AI transcription failed", metadata: ["recording": "\(recordingId)", "reason": "\(reason)"])
        default:
            return
        }
    }
}
