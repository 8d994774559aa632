import App
import Archive
import Essentials
import Foundation
import JobQueue
import Pipeline
import RingCentralSimulator
import TestSupport
import Testing

/// `download-recording` and `normalize-recording` run directly, through the catalog and storage
/// seams, against the simulator: what each outcome leaves in the catalog, the queue and the tree.
@Suite("Recording handlers")
struct RecordingHandlerTests {
    static let now: Int64 = 1_767_225_600_000

    static func calls() -> [SimulatedCall] {
        [
            .recorded(id: "mp3-call", recordingId: "91001", format: .mp3, durationSeconds: 6, startTime: Millis.date(now - 3_600_000)),
            .recorded(id: "wav-call", recordingId: "91002", format: .wavMuLaw, durationSeconds: 6, startTime: Millis.date(now - 3_000_000)),
        ]
    }

    /// Syncs the call log so the recordings and their download jobs exist.
    static func sync(_ h: PipelineHarness) async throws {
        try await h.queue.enqueue(JobRequest(kind: SyncCallLogJob.kind))
        #expect(try await h.outcome(SyncCallLogJob.kind) == nil)
    }

    @Test(arguments: BackendKind.all) func aDownloadRecordsTheBytesAndEnqueuesItsNormalizationTogether(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: Self.calls(), now: Self.now) { h in
            try await Self.sync(h)
            let job = try #require(try await h.claim(DownloadRecordingJob.kind))
            try await h.run(job)
            let recording = try #require(try await h.pipeline.catalog.recording(job.idempotencyKey!.replacingOccurrences(of: "download:", with: "")))
            #expect(recording.state == .downloaded)
            #expect(recording.receivedBytes ?? 0 > 0)
            #expect(recording.receivedSHA256?.count == 64)
            let normalize = try await h.queue.list(JobFilter(kind: NormalizeRecordingJob.kind))
            #expect(normalize.map(\.idempotencyKey) == ["normalize:\(recording.id)"])

            // The same download job again (a rescue after the commit): no request, the hand-off is repeated.
            let requests = h.simulator.stats().routes.filter { $0.key.contains("content") }.values.reduce(0, +)
            try await h.run(job)
            #expect(h.simulator.stats().routes.filter { $0.key.contains("content") }.values.reduce(0, +) == requests)
            #expect(try await h.queue.list(JobFilter(kind: NormalizeRecordingJob.kind)).count == 1)
        }
    }

    @Test(arguments: BackendKind.all) func aRecordingThatIsGoneIsDeadAtOnceAndMarkedFailed(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: Self.calls(), now: Self.now) { h in
            try await Self.sync(h)
            h.simulator.inject(SimulatorFault(.notFound, target: .content))
            let error = try #require(try await h.outcome(DownloadRecordingJob.kind))
            #expect(error.disposition == .permanent)
            #expect(error.message.contains("gone (404"))
            let failed = try await h.pipeline.catalog.summary().failures
            #expect(failed.count == 1)
            #expect(failed.first?.error.contains("gone") == true)
        }
    }

    @Test(arguments: BackendKind.all) func aRateLimitBodySnoozesAndPausesTheHeavyGroupForEveryone(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: Self.calls(), now: Self.now) { h in
            try await Self.sync(h)
            h.simulator.inject(SimulatorFault(.okWithRateLimitBody, target: .content))
            let error = try #require(try await h.outcome(DownloadRecordingJob.kind))
            guard case .snooze(let until) = error.disposition else {
                Issue.record("expected a snooze, got \(error.disposition)")
                return
            }
            #expect(until > Self.now)
            let heavy = try #require(try await h.queue.rateLimitStatus("ringcentral:heavy"))
            #expect(heavy.pausedUntil == until)
            // Nothing of the rate-limit body was kept as a recording.
            #expect(try await h.pipeline.catalog.summary().failures.isEmpty)
            #expect(try await h.claim(DownloadRecordingJob.kind) == nil)
        }
    }

    @Test(arguments: BackendKind.all) func normalizationFilesTheRecordingAndEnqueuesNothingElse(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: Self.calls(), now: Self.now) { h in
            try await Self.sync(h)
            for _ in 0..<2 { #expect(try await h.outcome(DownloadRecordingJob.kind) == nil) }
            for _ in 0..<2 { #expect(try await h.outcome(NormalizeRecordingJob.kind) == nil) }
            let summary = try await h.pipeline.catalog.summary()
            #expect(summary.recordingsByState["archived"] == 2)
            #expect(summary.audioByFormat["mp3"] == 2)
            #expect(summary.originals == 1)
            let files = try await h.pipeline.catalog.allFiles()
            for file in files {
                #expect(try await h.app.storage.size(of: file.relativePath) == file.bytes)
            }
            // The partial downloads are gone from tmp/.
            let tmp = (try? FileManager.default.contentsOfDirectory(atPath: h.home.path("tmp"))) ?? []
            #expect(!tmp.contains { $0.hasSuffix(".part") })
        }
    }

    @Test(arguments: BackendKind.all) func normalizationOfBytesThatVanishedFetchesThemAgain(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: Self.calls(), now: Self.now) { h in
            try await Self.sync(h)
            let job = try #require(try await h.claim(DownloadRecordingJob.kind))
            try await h.run(job)
            _ = try await h.queue.completeAndClaim(
                [JobCompletion(jobId: job.id, leaseToken: job.leaseToken, outcome: .completed)], limit: 0, worker: "test",
                leaseMillis: 1_000)
            let id = job.idempotencyKey!.replacingOccurrences(of: "download:", with: "")
            let path = try #require(try await h.pipeline.catalog.recording(id)?.tmpPath)
            try FileManager.default.removeItem(atPath: path)
            #expect(try await h.outcome(NormalizeRecordingJob.kind) == nil)
            let downloads = try await h.queue.list(JobFilter(kind: DownloadRecordingJob.kind))
            #expect(downloads.contains { $0.idempotencyKey == "download:\(id)" && $0.state == .available })
        }
    }

    @Test(arguments: BackendKind.all) func bytesThatAreNotAudioAreDeadWithTheirReason(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: Self.calls(), now: Self.now) { h in
            try await Self.sync(h)
            h.simulator.inject(SimulatorFault(.htmlErrorPageAsAudio, target: .content))
            let error = try #require(try await h.outcome(DownloadRecordingJob.kind))
            #expect(error.disposition == .permanent)
            #expect(error.message.contains("HTML"))
        }
    }
}
