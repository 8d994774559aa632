import Essentials
import Foundation
import JobQueue
import RingCentral
import RingCentralSimulator
import Testing
import Transfer

@Suite("RingCentral rate-limit groups")
struct RateLimitTests {
    static let window = (Date().addingTimeInterval(-86_400), Date().addingTimeInterval(60))

    @Test func budgetsAreLearnedFromTheHeaders() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimits[.heavy] = RateLimitBudget(limit: 7, window: 2)
        configuration.generator.callCount = 3
        try await withClientHarness(configuration) { h in
            try await h.client().callLog(CallLogQuery(dateFrom: Self.window.0, dateTo: Self.window.1)) { _ in }
            let heavy = try #require(try await h.queue.rateLimitStatus("ringcentral:heavy"))
            #expect(heavy.limit == 7)
            #expect(heavy.windowMillis == 2_100)  // 5 % wider than the server's window
            let auth = try #require(try await h.queue.rateLimitStatus("ringcentral:auth"))
            #expect(auth.limit == 5)
        }
    }

    @Test func knownLimitsAreNeverExceeded() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimits[.light] = RateLimitBudget(limit: 4, window: 1)
        try await withClientHarness(configuration) { h in
            try await h.queue.setRateLimit(
                RateLimit(key: "ringcentral:light", limit: 4, windowMillis: RingCentral.RateLimitGroup.enforcedWindowMillis(windowSeconds: 1)))
            let client = h.client()
            for _ in 0..<10 { _ = try await client.subscriptions() }
            #expect(h.groupStats("light").requests == 10)
            #expect(h.groupStats("light").throttled == 0)
        }
    }

    @Test func a429PausesTheGroupAndNothingIsSentInsideThePenalty() async throws {
        try await withClientHarness(SimulatorConfiguration()) { h in
            try await h.unlimitOurBudgets()
            let client = h.client()
            _ = try await client.subscriptions()
            h.simulator.inject(SimulatorFault(.rateLimitWithoutRetryAfter, target: .subscription))
            let error = await #expect(throws: RingCentralError.self) { _ = try await client.subscriptions() }
            #expect(error?.code == .rateLimited)
            let light = try #require(try await h.queue.rateLimitStatus("ringcentral:light"))
            let paused = try #require(light.pausedUntil)
            // No Retry-After: the group's learned window (RingCentral's penalty interval equals it).
            #expect(paused - h.queue.now() == RingCentral.RateLimitGroup.enforcedWindowMillis(windowSeconds: 60))
            let before = h.groupStats("light").requests
            let blocked = await #expect(throws: RingCentralError.self) {
                _ = try await client.send(.get, "/restapi/v1.0/subscription", group: .light, budget: .prepaid)
            }
            #expect(blocked?.code == .rateLimited)
            #expect(h.groupStats("light").requests == before)
            #expect(h.groupStats("light").penaltyViolations == 0)
        }
    }
}
