import Essentials
import Foundation
import TestSupport
import Testing
@testable import JobQueue

@Suite("Rate-limit keys")
struct RateLimitTests {
    static let heavy = RateLimit(key: "test:heavy", limit: 3, windowMillis: 1_500)
    static func registry() -> JobRegistry {
        TestBackend.registry([JobDefinition(kind: "heavy", rateLimitKey: heavy.key) { _ in }], limits: [heavy])
    }

    @Test(arguments: BackendKind.all) func aKeyWithoutTokensIsNotStartedAndNotCharged(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind, registry: Self.registry())
        defer { t.cleanup() }
        try await t.queue.declare([Self.heavy])
        let ids = try await t.queue.enqueue((0..<5).map { _ in JobRequest(kind: "heavy") }).map(\.id)
        let first = try await t.claim(10)
        #expect(first.claimed.count == 3)
        let next = try #require(first.nextTokenAt)
        #expect(next > t.clock.nowMillis())
        #expect(next <= t.clock.nowMillis() + Self.heavy.windowMillis)
        let second = try await t.claim(10)
        #expect(second.claimed.isEmpty)
        for id in ids.suffix(2) {
            let job = try #require(try await t.queue.job(id))
            #expect(job.state == .available)
            #expect(job.attempt == 0)
        }
        t.clock.set(millis: next - 1)
        #expect(try await t.claim(10).claimed.isEmpty)
        t.clock.set(millis: next)
        #expect(try await t.claim(10).claimed.count == 2)
    }

    @Test(arguments: BackendKind.all) func twoProcessesShareOneBudget(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind, registry: Self.registry())
        defer { t.cleanup() }
        let other = try await t.secondQueue(registry: Self.registry())
        try await t.queue.declare([Self.heavy])
        try await t.queue.enqueue((0..<10).map { _ in JobRequest(kind: "heavy") })
        let a = try await t.queue.completeAndClaim([], limit: 2, worker: "a", leaseMillis: 10_000)
        let b = try await other.completeAndClaim([], limit: 10, worker: "b", leaseMillis: 10_000)
        #expect(a.claimed.count + b.claimed.count == 3)
    }

    @Test(arguments: BackendKind.all) func noWindowEverHoldsMoreGrantsThanTheLimit(_ kind: BackendKind) async throws {
        let limit = RateLimit(key: "test:slide", limit: 4, windowMillis: 200)
        let t = try await TestQueue.make(kind, registry: TestBackend.registry(limits: [limit]))
        defer { t.cleanup() }
        try await t.queue.declare([limit])
        // Each acquire waits (on the manual clock, driven forward when it sleeps) for its token.
        let grants = try await TimeDriver(t.clock).run {
            var grants: [Int64] = []
            for _ in 0..<14 {
                try await t.queue.acquire(limit.key)
                grants.append(t.clock.nowMillis())
            }
            return grants
        }
        for (index, grant) in grants.enumerated() where index >= limit.limit {
            #expect(grant - grants[index - limit.limit] >= limit.windowMillis)
        }
    }

    @Test(arguments: BackendKind.all) func pausedKeysGrantNothingUntilThePauseEnds(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind, registry: Self.registry())
        defer { t.cleanup() }
        try await t.queue.declare([Self.heavy])
        try await t.queue.enqueue(JobRequest(kind: "heavy"))
        let until = t.clock.nowMillis() + 1_000
        try await t.queue.pause(Self.heavy.key, untilMillis: until)
        try await t.queue.pause(Self.heavy.key, untilMillis: until - 500)   // never shortens
        let paused = try await t.claim(5)
        #expect(paused.claimed.isEmpty)
        #expect(paused.nextTokenAt == until)
        #expect(try await t.queue.rateLimitStatus(Self.heavy.key)?.pausedUntil == until)
        t.clock.set(millis: until - 1)
        #expect(try await t.claim(5).claimed.isEmpty)
        t.clock.set(millis: until)
        #expect(try await t.claim(5).claimed.count == 1)
    }

    @Test(arguments: BackendKind.all) func learnedBudgetsReplaceDefaultsButDeclarationsDoNotOverwriteThem(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind, registry: Self.registry())
        defer { t.cleanup() }
        try await t.queue.declare([Self.heavy])
        try await t.queue.setRateLimit(RateLimit(key: Self.heavy.key, limit: 7, windowMillis: 60_000))
        try await t.queue.declare([Self.heavy])
        let status = try #require(try await t.queue.rateLimitStatus(Self.heavy.key))
        #expect(status.limit == 7)
        #expect(status.windowMillis == 60_000)
        #expect(status.available == 7)
    }
}
