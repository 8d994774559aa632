import Foundation
import RingCentralSimulator
import Testing

struct RateLimitTests {
    @Test func heavyBudgetPenaltyAndRestart() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 2)
        // A long window keeps the budget check independent of machine speed; the short penalty keeps the test quick.
        configuration.rateLimits[.heavy] = RateLimitBudget(limit: 3, window: 60, penalty: 3)
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
            #expect(over.header("Retry-After") == "3")
            #expect(over.json["errorCode"]?.stringValue == "CMN-301")
            #expect(over.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CMN-301")
            #expect(over.header("X-Rate-Limit-Group") == "heavy")

            // Another group is unaffected.
            let light = try await sim.get("/restapi/v1.0/subscription", token: token)
            #expect(light.status == 200)
            #expect(light.header("X-Rate-Limit-Group") == "light")

            // Inside the penalty: 429 again, and the penalty restarts.
            let early = try await sim.get(path, token: token)
            #expect(early.status == 429)
            var stats = sim.simulator.stats()
            #expect(stats[.heavy].throttled == 2)
            #expect(stats[.heavy].penaltyViolations == 1)
            #expect(stats[.heavy].requests == 5)

            // After a full quiet penalty the budget is back.
            try await Task.sleep(for: .milliseconds(3300))
            let after = try await sim.get(path, token: token)
            #expect(after.status == 200)

            let json = try await TestHTTP.send(sim.platform + "/_sim/stats")
            #expect(json.json["groups"]?["heavy"]?["penaltyViolations"]?.intValue == 1)
            #expect(json.json["groups"]?["auth"]?["requests"]?.intValue == 1)
            stats = sim.simulator.stats()
            #expect(stats.routes["call-log"] == 6)
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
