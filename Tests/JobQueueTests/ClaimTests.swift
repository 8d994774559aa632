import Essentials
import Foundation
import GRDB
import Testing
@testable import JobQueue

@Suite("Claim, lease and fencing")
struct ClaimTests {
    @Test func claimsInPriorityThenRunAtThenIdOrder() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let now = Millis.now()
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

    @Test func claimUsesTheWaitingIndexWithoutSorting() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let plan = try await t.queue.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE state IN ('available','scheduled','retryable')
                    AND run_at <= 0 AND kind IN ('noop') ORDER BY priority, run_at, id LIMIT 8
                    """
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("jobs_waiting") })
        #expect(!plan.contains { $0.contains("TEMP B-TREE") })
    }

    @Test func aWorkerWhoseLeaseMovedOnCannotFinishTheJob() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let first = try #require(try await t.claim(1, worker: "a", leaseMillis: 50).claimed.first)
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await t.queue.rescueExpiredLeases() == 1)
        let rescued = try #require(try await t.queue.job(id))
        #expect(rescued.state == .available)
        #expect(rescued.rescueCount == 1)
        #expect(rescued.lastError?.contains("lease expired") == true)

        let second = try #require(try await t.claim(1, worker: "b").claimed.first)
        #expect(second.attempt == 2)
        #expect(second.leaseToken != first.leaseToken)
        // The zombie's heartbeat and its outcome are both fenced off.
        #expect(try await t.queue.renewLeases([(id, first.leaseToken)], leaseMillis: 1_000) == [id])
        let zombie = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: first.leaseToken, outcome: .completed)])
        #expect(zombie.fencedOff == [id])
        #expect(try await t.state(id) == .running)
        let done = try await t.claim(0, completions: [JobCompletion(jobId: id, leaseToken: second.leaseToken, outcome: .completed)])
        #expect(done.fencedOff.isEmpty)
        let finished = try #require(try await t.queue.job(id))
        #expect(finished.state == .completed)
        #expect(finished.finishedAt != nil)
    }

    @Test func renewedLeasesAreNotRescued() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
        let job = try #require(try await t.claim(1, leaseMillis: 2_000).claimed.first)
        for _ in 0..<4 {
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await t.queue.renewLeases([(id, job.leaseToken)], leaseMillis: 2_000).isEmpty)
            #expect(try await t.queue.rescueExpiredLeases() == 0)
        }
        #expect(try await t.state(id) == .running)
    }

    @Test func aJobRescuedAfterItsLastAttemptIsDead() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "noop", maxAttempts: 1)).id
        _ = try await t.claim(1, leaseMillis: 30)
        try await Task.sleep(for: .milliseconds(60))
        try await t.queue.rescueExpiredLeases()
        let job = try #require(try await t.queue.job(id))
        #expect(job.state == .dead)
        #expect(job.rescueCount == 1)
    }

    @Test func perKindConcurrencyLimitHoldsAcrossClaims() async throws {
        let limited = JobDefinition(kind: "limited", concurrency: 2) { _ in }
        let t = try TestQueue(registry: TestQueue.registry([limited]))
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
