import App
import Archive
import Essentials
import Foundation
import JobQueue
import Logging
import Pipeline
import RingCentral
import RingCentralSimulator
import TestSupport
import Testing
import Transfer

/// A recording that is not archived yet is proxied from RingCentral (the simulator, with its own
/// media listener and rate limits): its `contentUri` as the call log gave it, the Range passed
/// through, a Heavy token spent per request, and 503 with `Retry-After` when there is none.
@Suite("Stream: proxy to RingCentral")
struct StreamProxyTests {
    static func calls() -> [SimulatedCall] {
        [
            .recorded(
                id: "proxy-call", recordingId: "81001", format: .mp3, durationSeconds: 20,
                startTime: Millis.date(StreamFixture.now - 3_600_000))
        ]
    }

    /// Syncs the call log, so the recording is known (pending) with RingCentral's `contentUri`.
    static func sync(_ f: StreamFixture) async throws {
        try await f.app.queue.enqueue(JobRequest(kind: SyncCallLogJob.kind))
        let job = try #require(
            try await f.app.queue.completeAndClaim([], limit: 1, worker: "test", leaseMillis: 60_000, kinds: [SyncCallLogJob.kind]).claimed.first)
        let definition = try #require(f.app.queue.registry.definitions[job.kind])
        try await definition.handler(JobContext(job: job, logger: Logger(label: "test"), queue: f.app.queue))
        let recording = try #require(try await f.app.catalog.recording("81001"))
        #expect(recording.state == .pending)
    }

    static func contentRequests(_ f: StreamFixture) -> Int {
        f.simulator!.stats().routes.filter { $0.key.contains("content") }.values.reduce(0, +)
    }

    static func heavyTokens(_ f: StreamFixture) async throws -> Int {
        try #require(try await f.app.queue.rateLimitStatus(RingCentral.RateLimitGroup.heavy.key)).available
    }

    @Test func rangesArePassedThroughAndEachRequestSpendsAHeavyToken() async throws {
        try await StreamFixture.with(calls: Self.calls(), rateLimiting: true) { f in
            try await Self.sync(f)
            let original = try await f.simulator!.audioContent(recordingId: "81001").bytes
            let tokens = try await Self.heavyTokens(f)

            let part = try await f.request("/recordings/81001/stream", headers: [("Range", "bytes=100-1123")])
            #expect(part.status == 206)
            #expect(part.body == Array(original[100..<1124]))
            #expect(part.header("Content-Range") == "bytes 100-1123/\(original.count)")
            #expect(part.header("Content-Length") == "1024")
            #expect(part.header("Accept-Ranges") == "bytes")
            #expect(part.header("Content-Type") == "audio/mpeg")
            #expect(part.header("Cache-Control") == "no-store")
            #expect(part.header("Content-Disposition") == "inline; filename=\"recording_81001.mp3\"")

            let whole = try await f.request(f.signedURL("81001"), bearer: false)
            #expect(whole.status == 200)
            #expect(whole.body == original)

            let head = try await f.request("/recordings/81001/stream", method: .head)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(original.count))
            #expect(head.body.isEmpty)

            let beyond = try await f.request("/recordings/81001/stream", headers: [("Range", "bytes=\(original.count)-")])
            #expect(beyond.status == 416)
            #expect(beyond.header("Content-Range") == "bytes */\(original.count)")
            #expect(beyond.errorCode == "range-not-satisfiable")

            #expect(Self.contentRequests(f) == 4)
            #expect(try await Self.heavyTokens(f) == tokens - 4)
            // Nothing was archived by streaming.
            #expect(try await f.app.catalog.recording("81001")?.state == .pending)
        }
    }

    @Test func withoutAHeavyTokenThePlayerGets503AndRingCentralIsNotAsked() async throws {
        try await StreamFixture.with(calls: Self.calls(), rateLimiting: true) { f in
            try await Self.sync(f)
            while try await f.app.queue.store.tryAcquire(RingCentral.RateLimitGroup.heavy.key, count: 1, now: f.clock.nowMillis()) == nil {}
            let before = Self.contentRequests(f)
            let response = try await f.request("/recordings/81001/stream", headers: [("Range", "bytes=0-")])
            #expect(response.status == 503)
            #expect(response.errorCode == "upstream-busy")
            let retryAfter = try #require(response.header("Retry-After").flatMap(Int.init))
            #expect(retryAfter >= 1 && retryAfter <= 70)
            #expect(Self.contentRequests(f) == before)
        }
    }

    @Test func ringCentralsRateLimitIsA503ForThePlayerAndPausesTheHeavyGroup() async throws {
        try await StreamFixture.with(calls: Self.calls(), rateLimiting: true) { f in
            try await Self.sync(f)
            f.simulator!.inject(SimulatorFault(.rateLimited, target: .content))
            let limited = try await f.request("/recordings/81001/stream", headers: [("Range", "bytes=0-99")])
            #expect(limited.status == 503)
            #expect(limited.errorCode == "upstream-busy")
            #expect((limited.header("Retry-After").flatMap(Int.init) ?? 0) >= 1)
            let heavy = try #require(try await f.app.queue.rateLimitStatus(RingCentral.RateLimitGroup.heavy.key))
            #expect(heavy.pausedUntil != nil)
            // While paused, nothing more is sent to RingCentral.
            let before = Self.contentRequests(f)
            let again = try await f.request("/recordings/81001/stream")
            #expect(again.status == 503)
            #expect(Self.contentRequests(f) == before)
        }
    }

    @Test(arguments: [
        (SimulatorFault.Kind.notFound, 404, "not-found"),
        (.serverError(500), 502, "upstream-error"),
        (.htmlErrorPageAsAudio, 502, "upstream-not-audio"),
        (.okWithRateLimitBody, 503, "upstream-busy"),
    ])
    func ringCentralsErrorsBecomeClearJSONErrors(fault: SimulatorFault.Kind, status: Int, code: String) async throws {
        try await StreamFixture.with(calls: Self.calls(), rateLimiting: true) { f in
            try await Self.sync(f)
            f.simulator!.inject(SimulatorFault(fault, target: .content))
            let response = try await f.request("/recordings/81001/stream", headers: [("Range", "bytes=0-")])
            #expect(response.status == status)
            #expect(response.errorCode == code)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(!response.bodyText.contains("http"))
        }
    }
}
