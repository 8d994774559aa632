import Essentials
import Foundation
import JobQueue
import Pipeline
import RingCentral
import RingCentralSimulator
import Testing
import Transfer

/// What an audit of the client's rate-limit handling asked for, on the simulator's and the
/// client's one manual clock: nothing is ever sent inside a penalty.
@Suite("RingCentral rate-limit audit")
struct RateLimitAuditTests {
    static let window = (Date().addingTimeInterval(-86_400 * 2), Date().addingTimeInterval(60))

    @Test func a429PausesTheGroupItWasChargedToAndTheOneRingCentralNamed() async throws {
        try await withClientHarness(SimulatorConfiguration()) { h in
            try await h.unlimitOurBudgets()
            let client = h.client()
            // Listing subscriptions is Light at RingCentral; charge it to Heavy on our side.
            h.simulator.inject(SimulatorFault(.rateLimited, target: .subscription))
            let error = await #expect(throws: RingCentralError.self) {
                _ = try await client.send(.get, "/restapi/v1.0/subscription", group: .heavy)
            }
            #expect(error?.code == .rateLimited)
            let heavy = try #require(try await h.queue.rateLimitStatus("ringcentral:heavy"))
            let light = try #require(try await h.queue.rateLimitStatus("ringcentral:light"))
            #expect(heavy.pausedUntil != nil)
            #expect(light.pausedUntil != nil)
            #expect(heavy.pausedUntil == light.pausedUntil)
        }
    }

    @Test func a200WithARateLimitBodyIsARateLimit() async throws {
        try await withClientHarness(SimulatorConfiguration()) { h in
            try await h.unlimitOurBudgets()
            let client = h.client()
            _ = try await client.subscriptions()
            h.simulator.inject(SimulatorFault(.okWithRateLimitBody, target: .subscription))
            let error = await #expect(throws: RingCentralError.self) { _ = try await client.subscriptions() }
            #expect(error?.code == .rateLimited)
            #expect(error?.errorCode == "CMN-301")
            #expect(try await h.queue.rateLimitStatus("ringcentral:light")?.pausedUntil != nil)
            // Waiting for the pause (the clock moves) the next request goes out after it, not inside it.
            _ = try await client.subscriptions()
            #expect(h.groupStats("light").penaltyViolations == 0)
        }
    }

    @Test func anExhaustedBudgetAtRingCentralWaitsForTheWindowInsteadOfProvokingA429() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimits[.light] = RateLimitBudget(limit: 3, window: 60)
        try await withClientHarness(configuration) { h in
            let client = h.client()
            _ = try await client.subscriptions()
            // Our own budget forgets what it learned: only X-Rate-Limit-Remaining can hold us back now.
            try await h.unlimitOurBudgets()
            let start = h.clock.nowMillis()
            for _ in 0..<5 { _ = try await client.subscriptions() }
            #expect(h.groupStats("light").requests == 6)
            #expect(h.groupStats("light").throttled == 0)
            #expect(h.clock.nowMillis() - start >= 60_000)
        }
    }

    @Test func a503WithRetryAfterIsRetriedNoEarlierThanAsked() async throws {
        try await withClientHarness(SimulatorConfiguration()) { h in
            try await h.unlimitOurBudgets()
            h.simulator.inject(SimulatorFault(.serviceUnavailable(retryAfter: 45), target: .subscription))
            let error = await #expect(throws: RingCentralError.self) { _ = try await h.client().subscriptions() }
            let retryAt = try #require(error?.retryAtMillis)
            #expect(retryAt == h.clock.nowMillis() + 45_000)
            let disposition = try #require(error?.jobError(now: h.clock.nowMillis()).disposition)
            #expect(disposition == .snooze(until: retryAt))
        }
    }

    @Test func pagingWaitsOutA429AndResumesAtTheSamePage() async throws {
        var configuration = SimulatorConfiguration()
        configuration.generator.callCount = 12
        try await withClientHarness(configuration) { h in
            try await h.unlimitOurBudgets()
            let ids = IDs()
            let pages = Counter()
            let simulator = h.simulator
            let count = try await h.client(perPage: 5).callLog(CallLogQuery(dateFrom: Self.window.0, dateTo: Self.window.1, types: [])) { page in
                pages.increment()
                ids.add(page.records.map(\.id))
                // The request for the next page meets a 429.
                if pages.value == 1 { simulator.inject(SimulatorFault(.rateLimited, target: .callLog)) }
            }
            #expect(count == 3)
            #expect(ids.all.count == 12)
            #expect(Set(ids.all).count == 12)
            #expect(h.groupStats("heavy").throttled == 1)
            #expect(h.groupStats("heavy").penaltyViolations == 0)
        }
    }
}
