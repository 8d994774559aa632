import Essentials
import Foundation
import TestSupport
import Testing
@testable import JobQueue

@Suite("Enqueue")
struct EnqueueTests {
    @Test(arguments: BackendKind.all) func enqueueStoresAnAvailableJob(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let result = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 1}"#, priority: 3))
        #expect(result.inserted)
        let job = try #require(try await t.queue.job(result.id))
        #expect(job.state == .available)
        #expect(job.kind == "noop")
        #expect(job.priority == 3)
        #expect(job.attempt == 0)
        #expect(job.maxAttempts == NoopJob.definition().retry.maxAttempts)
    }

    @Test(arguments: BackendKind.all) func futureRunAtIsScheduled(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let result = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: t.clock.nowMillis() + 60_000))
        #expect(try await t.state(result.id) == .scheduled)
        #expect(try await t.claim(10).claimed.isEmpty)
    }

    @Test(arguments: BackendKind.all) func duplicateIdempotencyKeyReturnsTheLiveJob(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let first = try await t.queue.enqueue(JobRequest(kind: "noop", idempotencyKey: "download:42"))
        let second = try await t.queue.enqueue(JobRequest(kind: "noop", idempotencyKey: "download:42"))
        #expect(first.inserted)
        #expect(!second.inserted)
        #expect(second.id == first.id)

        // Running still holds the key; once completed the key is free again.
        let claimed = try await t.claim(1).claimed
        #expect(try await t.queue.enqueue(JobRequest(kind: "noop", idempotencyKey: "download:42")).id == first.id)
        _ = try await t.claim(0, completions: [JobCompletion(jobId: first.id, leaseToken: claimed[0].leaseToken, outcome: .completed)])
        let third = try await t.queue.enqueue(JobRequest(kind: "noop", idempotencyKey: "download:42"))
        #expect(third.inserted)
        #expect(third.id != first.id)
    }

    @Test(arguments: BackendKind.all) func bulkEnqueueIsAllOrNothing(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let results = try await t.queue.enqueue((0..<500).map { JobRequest(kind: "noop", idempotencyKey: "k\($0 % 250)") })
        #expect(results.count == 500)
        #expect(results.filter(\.inserted).count == 250)
        await #expect(throws: JobQueueError.self) {
            try await t.queue.enqueue([JobRequest(kind: "noop"), JobRequest(kind: "nope")])
        }
        let total = try await t.queue.stats().totals.values.reduce(0, +)
        #expect(total == 250)
    }

    @Test(arguments: BackendKind.all) func unknownKindAndBadPayloadAreRejected(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let error = await #expect(throws: JobQueueError.self) {
            _ = try await t.queue.enqueue(JobRequest(kind: "transcode-everything"))
        }
        #expect(error?.code == .unknownKind)
        #expect(error?.message.contains("noop") == true)
        for payload in ["{not json", "[1,2]", #"{"sleep_ms": -5}"#, #"{"sleep_ms": "x"}"#] {
            let error = await #expect(throws: JobQueueError.self) {
                _ = try await t.queue.enqueue(JobRequest(kind: "noop", payload: payload))
            }
            #expect(error?.code == .invalidPayload)
        }
        #expect(try await t.queue.stats().totals.isEmpty)
    }
}

