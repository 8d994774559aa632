import Essentials
import Foundation
import TestSupport
import Testing
@testable import JobQueue

@Suite("Retries, dead jobs, snooze, cancel")
struct OutcomeTests {
    @Test(arguments: BackendKind.all) func failureWithRetryTimeBecomesRetryableAndKeepsItsError(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1).claimed.first)
        let retryAt = t.clock.nowMillis() + 60_000
        _ = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: job.leaseToken,
                                                            outcome: .failed(message: "HTTP 503", retryAt: retryAt))])
        let failed = try #require(try await t.queue.job(id))
        #expect(failed.state == .retryable)
        #expect(failed.runAt == retryAt)
        #expect(failed.lastError == "HTTP 503")
        #expect(failed.errors.contains("HTTP 503"))
        #expect(try await t.claim(1).claimed.isEmpty)
    }

    @Test(arguments: BackendKind.all) func failureWithoutRetryIsDeadWithItsReason(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1).claimed.first)
        _ = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: job.leaseToken,
                                                            outcome: .failed(message: "gone (404)", retryAt: nil))])
        let dead = try #require(try await t.queue.job(id))
        #expect(dead.state == .dead)
        #expect(dead.lastError == "gone (404)")
        #expect(dead.finishedAt != nil)
        // Dead jobs are kept by pruning and can be retried with fresh attempts.
        #expect(try await t.queue.prune(olderThanMillis: -1) == 0)
        try await t.queue.retry(id)
        let retried = try #require(try await t.queue.job(id))
        #expect(retried.state == .available)
        #expect(retried.attempt == 0)
        #expect(retried.errors.contains("gone (404)"))
    }

    @Test(arguments: BackendKind.all) func snoozeSpendsNoAttempt(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1).claimed.first)
        #expect(job.attempt == 1)
        let until = t.clock.nowMillis() + 1_500
        _ = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: job.leaseToken,
                                                            outcome: .snoozed(until: until, message: "429"))])
        let snoozed = try #require(try await t.queue.job(id))
        #expect(snoozed.state == .scheduled)
        #expect(snoozed.attempt == 0)
        #expect(snoozed.snoozeCount == 1)
        #expect(try await t.claim(1).claimed.isEmpty)
        t.clock.set(millis: until - 1)
        #expect(try await t.claim(1).claimed.isEmpty)
        t.clock.set(millis: until)
        #expect(try await t.claim(1).claimed.first?.attempt == 1)
    }

    @Test(arguments: BackendKind.all) func releasedJobsAreDueAtOnceWithTheirAttemptRefunded(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1).claimed.first)
        let next = try await t.claim(1, completions: [JobCompletion(jobId: id, leaseToken: job.leaseToken, outcome: .released)])
        #expect(next.claimed.first?.id == id)
        #expect(next.claimed.first?.attempt == 1)
    }

    @Test(arguments: BackendKind.all) func cancelStopsWaitingAndRunningJobsButNotFinishedOnes(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let waiting = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        try await t.queue.cancel(waiting)
        #expect(try await t.state(waiting) == .cancelled)

        let running = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1).claimed.first)
        try await t.queue.cancel(running)
        #expect(try await t.queue.renewLeases([JobLease(id: running, token: job.leaseToken)], leaseMillis: 1_000) == [running])
        let late = try await t.claim(0, completions: [JobCompletion(jobId: running, leaseToken: job.leaseToken, outcome: .completed)])
        #expect(late.fencedOff == [running])
        #expect(try await t.state(running) == .cancelled)

        let error = await #expect(throws: JobQueueError.self) { try await t.queue.cancel(running) }
        #expect(error?.code == .invalidState)
        let missing = await #expect(throws: JobQueueError.self) { try await t.queue.cancel(987_654) }
        #expect(missing?.code == .notFound)
    }

    @Test func backoffIsExponentialFullJitterWithACap() {
        let policy = RetryPolicy(maxAttempts: 20, baseMillis: 100, capMillis: 5_000)
        #expect(policy.ceiling(afterAttempt: 1) == 100)
        #expect(policy.ceiling(afterAttempt: 2) == 200)
        #expect(policy.ceiling(afterAttempt: 4) == 800)
        #expect(policy.ceiling(afterAttempt: 10) == 5_000)
        #expect(policy.ceiling(afterAttempt: 1_000) == 5_000)
        let delays = (0..<2_000).map { _ in policy.delay(afterAttempt: 3) }
        #expect(delays.allSatisfy { (0...400).contains($0) })
        // Full jitter spreads over the whole range rather than clustering at the ceiling.
        #expect(delays.contains { $0 < 100 })
        #expect(delays.contains { $0 > 300 })
    }

    @Test(arguments: BackendKind.all) func pruningRemovesOldFinishedJobsOnly(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let ids = try await t.queue.enqueue((0..<3).map { _ in JobRequest(kind: "noop") }).map(\.id)
        let jobs = try await t.claim(2).claimed
        _ = try await t.claim(0, completions: jobs.map { JobCompletion(jobId: $0.id, leaseToken: $0.leaseToken, outcome: .completed) })
        t.clock.advance(byMillis: 60_000)
        #expect(try await t.queue.prune(olderThanMillis: 60_000) == 0)
        t.clock.advance(byMillis: 1)
        #expect(try await t.queue.prune(olderThanMillis: 60_000) == 2)
        #expect(try await t.queue.job(ids[0]) == nil)
        #expect(try await t.state(ids[2]) == .available)
    }
}
