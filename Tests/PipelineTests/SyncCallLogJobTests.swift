import Archive
import Essentials
import Foundation
import JobQueue
import Pipeline
import RingCentralSimulator
import TestSupport
import Testing

/// The recurring call-log sync: its window, the overlap for late rows, and the watermark.
@Suite("sync-call-log")
struct SyncCallLogJobTests {
    static let now: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    static func call(_ id: String, hoursAgo: Double) -> SimulatedCall {
        .recorded(
            id: id, recordingId: String(id.unicodeScalars.map { $0.value }.reduce(80_000, +)), durationSeconds: 5,
            startTime: Millis.date(now - Int64(hoursAgo * 3_600_000)))
    }

    @Test(arguments: BackendKind.all) func theFirstRunCoversADayThenEachRunStartsAnHourBeforeTheLastOnesEnd(_ kind: BackendKind) async throws {
        let calls = [Self.call("older-than-a-day", hoursAgo: 30), Self.call("within-the-day", hoursAgo: 23)]
        try await withPipelineHarness(kind, calls: calls, now: Self.now) { h in
            #expect(try await h.pipeline.catalog.watermark(SyncCallLogJob.watermark) == nil)
            try await h.queue.enqueue(JobRequest(kind: SyncCallLogJob.kind))
            #expect(try await h.outcome(SyncCallLogJob.kind) == nil)
            #expect(try await h.pipeline.catalog.call("within-the-day") != nil)
            #expect(try await h.pipeline.catalog.call("older-than-a-day") == nil)
            #expect(try await h.pipeline.catalog.watermark(SyncCallLogJob.watermark) == Self.now)

            // Rows that reach the call log late: one inside the hour of overlap, one before it.
            h.simulator.addCall(Self.call("late-inside-overlap", hoursAgo: 0.75))
            h.simulator.addCall(Self.call("late-before-overlap", hoursAgo: 1.5))
            h.clock.advance(byMillis: 10 * 60_000)
            try await h.queue.enqueue(JobRequest(kind: SyncCallLogJob.kind))
            #expect(try await h.outcome(SyncCallLogJob.kind) == nil)
            #expect(try await h.pipeline.catalog.call("late-inside-overlap") != nil)
            #expect(try await h.pipeline.catalog.call("late-before-overlap") == nil)
            #expect(try await h.pipeline.catalog.watermark(SyncCallLogJob.watermark) == Self.now + 10 * 60_000)
            // Every recording found got exactly one download job.
            let downloads = try await h.queue.list(JobFilter(kind: DownloadRecordingJob.kind))
            #expect(downloads.count == 2)
        }
    }

    @Test(arguments: BackendKind.all) func aRateLimitedSyncSnoozesWithoutSpendingAnAttemptAndKeepsTheWatermark(_ kind: BackendKind) async throws {
        try await withPipelineHarness(kind, calls: [Self.call("c", hoursAgo: 1)], now: Self.now) { h in
            h.simulator.inject(SimulatorFault(.rateLimitWithoutRetryAfter, target: .callLog))
            try await h.queue.enqueue(JobRequest(kind: SyncCallLogJob.kind))
            let error = try #require(try await h.outcome(SyncCallLogJob.kind))
            guard case .snooze(let until) = error.disposition else {
                Issue.record("expected a snooze, got \(error.disposition)")
                return
            }
            #expect(until >= Self.now + 60_000)
            #expect(try await h.pipeline.catalog.watermark(SyncCallLogJob.watermark) == nil)
        }
    }
}
