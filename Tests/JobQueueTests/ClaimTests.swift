import Essentials
import Foundation
import TestSupport
import Testing
@testable import JobQueue

@Suite("Claim, lease and fencing")
struct ClaimTests {
    @Test(arguments: BackendKind.all) func claimsInPriorityThenRunAtThenIdOrder(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let now = t.clock.nowMillis()
        let a = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: now - 1_000, priority: 5)).id
        let b = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: now - 5_000, priority: 1)).id
        let c = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: now - 2_000, priority: 1)).id
        let d = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: now - 2_000, priority: 1)).id
        let claimed = try await t.claim(3).claimed
        #expect(claimed.map(\.id) == [b, c, d])
        #expect(claimed.allSatisfy { $0.attempt == 1 })
        #expect(try await t.claim(3).claimed.map(\.id) == [a])
        #expect(try await t.claim(3).claimed.isEmpty)
        let running = try #require(try await t.queue.job(b))
        #expect(running.state == .running)
        #expect(running.worker == "test")
        #expect(running.leaseToken == claimed[0].leaseToken)
    }

    @Test(arguments: BackendKind.all) func aWorkerWhoseLeaseMovedOnCannotFinishTheJob(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let first = try #require(try await t.claim(1, worker: "a", leaseMillis: 50).claimed.first)
        t.clock.advance(byMillis: 49)
        #expect(try await t.queue.rescueExpiredLeases() == 0)
        t.clock.advance(byMillis: 2)
        #expect(try await t.queue.rescueExpiredLeases() == 1)
        let rescued = try #require(try await t.queue.job(id))
        #expect(rescued.state == .available)
        #expect(rescued.rescueCount == 1)
        #expect(rescued.lastError?.contains("lease expired") == true)

        let second = try #require(try await t.claim(1, worker: "b").claimed.first)
        #expect(second.attempt == 2)
        #expect(second.leaseToken != first.leaseToken)
        // The zombie's heartbeat and its outcome are both fenced off.
        #expect(try await t.queue.renewLeases([JobLease(id: id, token: first.leaseToken)], leaseMillis: 1_000) == [id])
        let zombie = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: first.leaseToken, outcome: .completed)])
        #expect(zombie.fencedOff == [id])
        #expect(try await t.state(id) == .running)
        let done = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: second.leaseToken, outcome: .completed)])
        #expect(done.fencedOff.isEmpty)
        let finished = try #require(try await t.queue.job(id))
        #expect(finished.state == .completed)
        #expect(finished.finishedAt != nil)
    }

    @Test(arguments: BackendKind.all) func renewedLeasesAreNotRescued(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1, leaseMillis: 2_000).claimed.first)
        for _ in 0..<4 {
            t.clock.advance(byMillis: 1_900)
            #expect(try await t.queue.renewLeases([JobLease(id: id, token: job.leaseToken)], leaseMillis: 2_000).isEmpty)
            #expect(try await t.queue.rescueExpiredLeases() == 0)
        }
        #expect(try await t.state(id) == .running)
    }

    @Test(arguments: BackendKind.all) func aJobRescuedAfterItsLastAttemptIsDead(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop", maxAttempts: 1)).id
        _ = try await t.claim(1, leaseMillis: 30)
        t.clock.advance(byMillis: 31)
        try await t.queue.rescueExpiredLeases()
        let job = try #require(try await t.queue.job(id))
        #expect(job.state == .dead)
        #expect(job.rescueCount == 1)
    }

    @Test(arguments: BackendKind.all) func perKindConcurrencyLimitHoldsAcrossClaims(_ kind: BackendKind) async throws {
        let limited = JobDefinition(kind: "limited", concurrency: 2) { _ in }
        let t = try await TestQueue.make(kind, registry: TestBackend.registry([limited]))
        defer { t.cleanup() }
        try await t.queue.enqueue((0..<6).map { _ in JobRequest(kind: "limited") })
        try await t.queue.enqueue((0..<3).map { _ in JobRequest(kind: "noop") })
        let first = try await t.claim(10).claimed
        #expect(first.filter { $0.kind == "limited" }.count == 2)
        #expect(first.filter { $0.kind == "noop" }.count == 3)
        #expect(try await t.claim(10).claimed.isEmpty)
        let done = first.filter { $0.kind == "limited" }.prefix(1).map {
            JobCompletion(jobId: $0.id, leaseToken: $0.leaseToken, outcome: .completed)
        }
        #expect(try await t.claim(10, completions: done).claimed.count == 1)
    }
}
