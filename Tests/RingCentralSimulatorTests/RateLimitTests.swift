import Foundation
import RingCentralSimulator
import Testing

struct RateLimitTests {
    @Test func heavyBudgetPenaltyAndRestart() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = fixedCalls(count: 2, now: clock.date)
        configuration.rateLimits[.heavy] = RateLimitBudget(limit: 3, window: 60, penalty: 30)
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let path = "/restapi/v1.0/account/~/call-log"
            var remaining: [String?] = []
            for _ in 0..<3 {
                let result = try await sim.get(path, token: token)
                #expect(result.status == 200)
                #expect(result.header("X-Rate-Limit-Group") == "heavy")
                #expect(result.header("X-Rate-Limit-Limit") == "3")
                #expect(result.header("X-Rate-Limit-Window") == "60")
                remaining.append(result.header("X-Rate-Limit-Remaining"))
            }
            #expect(remaining == ["2", "1", "0"])

            let over = try await sim.get(path, token: token)
            #expect(over.status == 429)
            #expect(over.header("Retry-After") == "30")
            #expect(over.json["errorCode"]?.stringValue == "CMN-301")
            #expect(over.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CMN-301")
            #expect(over.header("X-Rate-Limit-Group") == "heavy")
            #expect(over.header("X-Rate-Limit-Remaining") == "0")

            // Another group is unaffected.
            let light = try await sim.get("/restapi/v1.0/subscription", token: token)
            #expect(light.status == 200)
            #expect(light.header("X-Rate-Limit-Group") == "light")

            // 29 s into the penalty: 429 again, and the penalty restarts from here.
            clock.advance(seconds: 29)
            #expect(try await sim.get(path, token: token).status == 429)
            var stats = sim.simulator.stats()
            #expect(stats[.heavy].throttled == 2)
            #expect(stats[.heavy].penaltyViolations == 1)
            #expect(stats[.heavy].requests == 5)

            // 30 s after the first 429 is still inside the restarted penalty.
            clock.advance(seconds: 2)
            #expect(try await sim.get(path, token: token).status == 429)
            #expect(sim.simulator.stats()[.heavy].penaltyViolations == 2)

            // A full quiet penalty later the budget is back.
            clock.advance(seconds: 30)
            let after = try await sim.get(path, token: token)
            #expect(after.status == 200)
            #expect(after.header("X-Rate-Limit-Remaining") == "2")

            let json = try await TestHTTP.send(sim.platform + "/_sim/stats")
            #expect(json.json["groups"]?["heavy"]?["penaltyViolations"]?.intValue == 2)
            #expect(json.json["groups"]?["auth"]?["requests"]?.intValue == 1)
            stats = sim.simulator.stats()
            #expect(stats.routes["call-log"] == 7)
            #expect(stats[.heavy].requests == 7)
            #expect(stats[.heavy].throttled == 3)
        }
    }

    @Test func windowSlidesOnTheClock() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = []
        configuration.rateLimits[.light] = RateLimitBudget(limit: 2, window: 10)
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            #expect(try await sim.get("/restapi/v1.0/subscription", token: token).status == 200)
            clock.advance(seconds: 6)
            #expect(try await sim.get("/restapi/v1.0/subscription", token: token).status == 200)
            // The first request leaves the window 10 s after it was made.
            clock.advance(seconds: 4)
            let third = try await sim.get("/restapi/v1.0/subscription", token: token)
            #expect(third.status == 200)
            #expect(third.header("X-Rate-Limit-Remaining") == "0")
            #expect(sim.simulator.stats()[.light].throttled == 0)
        }
    }

    @Test func authGroupLimitsTokenRequests() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimits[.auth] = RateLimitBudget(limit: 2, window: 30)
        try await withSimulator(configuration) { sim in
            _ = try await sim.login()
            _ = try await sim.login()
            let third = try await sim.tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=sim-jwt-credential")
            #expect(third.status == 429)
            #expect(third.header("X-Rate-Limit-Group") == "auth")
            #expect(third.header("Retry-After") == "30")
        }
    }
}
