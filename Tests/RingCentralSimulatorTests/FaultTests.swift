import Essentials
import Foundation
import RingCentralSimulator
import Testing

struct FaultTests {
    static func configuration() -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.calls = [
            SimulatedCall.recorded(id: "c1", recordingId: "8001", format: .wavPCM16, durationSeconds: 1),
            SimulatedCall.recorded(id: "c2", recordingId: "8002", format: .wavPCM16, durationSeconds: 1),
        ]
        configuration.rateLimitingEnabled = false
        return configuration
    }

    static func contentURL(_ sim: SimulatorHarness, _ id: String) -> String {
        sim.endpoints.mediaBaseURL + "/restapi/v1.0/account/~/recording/\(id)/content"
    }

    /// A manual clock, throttling on with roomy budgets and a 60 s penalty.
    static func throttled() -> (SimulatorConfiguration, ManualTimeSource) {
        manualConfiguration { configuration in
            configuration.calls = fixedCalls(count: 2, now: Millis.date(configuration.clock.nowMillis()))
            configuration.rateLimits[.heavy] = RateLimitBudget(limit: 100, window: 60)
            configuration.rateLimits[.light] = RateLimitBudget(limit: 100, window: 60)
        }
    }

    @Test func anInjected429StartsAPenaltyThatEarlyRetriesRestart() async throws {
        let (configuration, clock) = Self.throttled()
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.rateLimited, target: .content))
            let first = try await sim.get(sim.contentURL("5000"), token: token)
            #expect(first.status == 429)
            #expect(first.header("Retry-After") == "60")
            #expect(first.header("X-Rate-Limit-Group") == "heavy")
            #expect(first.header("X-Rate-Limit-Limit") == "100")
            #expect(first.header("X-Rate-Limit-Remaining") == "0")
            #expect(first.header("X-Rate-Limit-Window") == "60")
            #expect(first.json["errorCode"]?.stringValue == "CMN-301")

            // The penalty covers the whole group, not just the faulted route; other groups go on.
            clock.advance(seconds: 30)
            let callLog = try await sim.get("/restapi/v1.0/account/~/call-log", token: token)
            #expect(callLog.status == 429)
            #expect(callLog.header("Retry-After") == "60")
            #expect(try await sim.get("/restapi/v1.0/subscription", token: token).status == 200)

            // A retry 59 s after that early one is still early: the penalty restarted.
            clock.advance(seconds: 59)
            #expect(try await sim.get(sim.contentURL("5000"), token: token).status == 429)
            clock.advance(seconds: 60)
            #expect(try await sim.get(sim.contentURL("5000"), token: token).status == 200)

            let stats = sim.simulator.stats()
            #expect(stats[.heavy].throttled == 3)
            #expect(stats[.heavy].penaltyViolations == 2)
            #expect(stats[.heavy].requests == 4)
            #expect(stats[.light].throttled == 0)
            #expect(stats.faultsFired["rateLimited"] == 1)
        }
    }

    @Test func aRateLimitBodyWithStatus200AlsoStartsAPenalty() async throws {
        let (configuration, clock) = Self.throttled()
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.okWithRateLimitBody, target: .content))
            let disguised = try await sim.get(sim.contentURL("5000"), token: token)
            #expect(disguised.status == 200)
            #expect(disguised.header("Content-Type") == "application/json")
            #expect(disguised.json["errorCode"]?.stringValue == "CMN-301")
            #expect(disguised.header("X-Rate-Limit-Group") == "heavy")
            #expect(disguised.header("X-Rate-Limit-Remaining") == "0")
            clock.advance(seconds: 10)
            let retry = try await sim.get(sim.contentURL("5000"), token: token)
            #expect(retry.status == 429)
            #expect(retry.header("Retry-After") == "60")
            clock.advance(seconds: 60)
            #expect(try await sim.get(sim.contentURL("5000"), token: token).status == 200)
            let stats = sim.simulator.stats()[.heavy]
            #expect(stats.rateLimitBodies == 1)
            #expect(stats.throttled == 1)
            #expect(stats.penaltyViolations == 1)
        }
    }

    @Test func a429WithoutRetryAfterStillCarriesTheGroupHeadersAndAPenalty() async throws {
        let (configuration, clock) = Self.throttled()
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.rateLimitWithoutRetryAfter, target: .subscription))
            let bare = try await sim.get("/restapi/v1.0/subscription", token: token)
            #expect(bare.status == 429)
            #expect(bare.header("Retry-After") == nil)
            #expect(bare.header("X-Rate-Limit-Group") == "light")
            #expect(bare.header("X-Rate-Limit-Window") == "60")
            clock.advance(seconds: 45)
            #expect(try await sim.get("/restapi/v1.0/subscription", token: token).status == 429)
            #expect(sim.simulator.stats()[.light].penaltyViolations == 1)
        }
    }

    @Test func withoutThrottlingInjectedRateLimitsLeaveNoPenalty() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.rateLimited, target: .content))
            #expect(try await sim.get(Self.contentURL(sim, "8001"), token: token).status == 429)
            #expect(try await sim.get(Self.contentURL(sim, "8001"), token: token).status == 200)
        }
    }

    @Test func serviceUnavailableCarriesRetryAfter() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.serviceUnavailable(retryAfter: 7), target: .callLog))
            let unavailable = try await sim.get("/restapi/v1.0/account/~/call-log", token: token)
            #expect(unavailable.status == 503)
            #expect(unavailable.header("Retry-After") == "7")
            #expect(unavailable.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CMN-211")
            #expect(unavailable.header("X-Rate-Limit-Group") == "heavy")
            #expect(try await sim.get("/restapi/v1.0/account/~/call-log", token: token).status == 200)

            let body: JSONValue = ["kind": "serviceUnavailable", "retryAfter": 3, "target": "callLog"]
            _ = try await TestHTTP.send(sim.platform + "/_sim/faults", method: "POST", body: Data(body.serialized().utf8))
            #expect(try await sim.get("/restapi/v1.0/account/~/call-log", token: token).header("Retry-After") == "3")
        }
    }


    @Test func serverErrorBurstThenRecovery() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.serverError(503), target: .content, count: 3))
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await sim.get(Self.contentURL(sim, "8001"), token: token).status)
            }
            #expect(statuses == [503, 503, 503, 200])
            #expect(sim.simulator.stats().faultsFired["serverError503"] == 3)
        }
    }

    @Test func perRecordingFaultsOnlyHitThatRecording() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.notFound, target: .content, recordingId: "8002"))
            #expect(try await sim.get(Self.contentURL(sim, "8001"), token: token).status == 200)
            let gone = try await sim.get(Self.contentURL(sim, "8002"), token: token)
            #expect(gone.status == 404)
            #expect(gone.json["errorCode"]?.stringValue == "CMN-102")
            #expect(try await sim.get(Self.contentURL(sim, "8002"), token: token).status == 200)
        }
    }

    @Test func rateLimitShapes() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.rateLimitWithoutRetryAfter, target: .content))
            let noRetry = try await sim.get(Self.contentURL(sim, "8001"), token: token)
            #expect(noRetry.status == 429)
            #expect(noRetry.header("Retry-After") == nil)
            #expect(noRetry.json["errorCode"]?.stringValue == "CMN-301")

            sim.simulator.inject(SimulatorFault(.okWithRateLimitBody, target: .content))
            let disguised = try await sim.get(Self.contentURL(sim, "8001"), token: token)
            #expect(disguised.status == 200)
            #expect(disguised.header("Content-Type") == "application/json")
            #expect(disguised.json["errorCode"]?.stringValue == "CMN-301")

            sim.simulator.inject(SimulatorFault(.htmlErrorPageAsAudio, target: .content))
            let html = try await sim.get(Self.contentURL(sim, "8001"), token: token)
            #expect(html.status == 200)
            #expect(html.header("Content-Type") == "audio/mpeg")
            #expect(String(decoding: html.body, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
        }
    }

    @Test func truncatedAndResetBodiesFailTheDownload() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.truncatedBody(fraction: 0.5), target: .content))
            await #expect(throws: (any Error).self) {
                let result = try await sim.get(Self.contentURL(sim, "8001"), token: token)
                // Some clients surface the short body instead of an error; treat that as a failure too.
                if result.body.count < 16_044 { throw CancellationError() }
            }
            sim.simulator.inject(SimulatorFault(.connectionReset(afterBytes: 1000), target: .content))
            await #expect(throws: (any Error).self) {
                let result = try await sim.get(Self.contentURL(sim, "8001"), token: token)
                if result.body.count < 16_044 { throw CancellationError() }
            }
            let fine = try await sim.get(Self.contentURL(sim, "8001"), token: token)
            #expect(fine.body.count == 16_044)
            #expect(sim.simulator.stats().faultsFired["truncatedBody"] == 1)
            #expect(sim.simulator.stats().faultsFired["connectionReset"] == 1)
        }
    }

    @Test func slowBodyStillDeliversEverything() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.slowBody(bytesPerSecond: 40_000), target: .content))
            let result = try await sim.get(Self.contentURL(sim, "8001"), token: token)
            #expect(result.status == 200)
            #expect(Array(result.body) == (try await sim.simulator.audioContent(recordingId: "8001")).bytes)
            #expect(sim.simulator.stats().faultsFired["slowBody"] == 1)
        }
    }

    @Test func forcedTokenExpiry() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            sim.simulator.inject(SimulatorFault(.expiredToken))
            let expired = try await sim.get("/restapi/v1.0/account/~/call-log", token: token)
            #expect(expired.status == 401)
            #expect(expired.json["errorCode"]?.stringValue == "TokenInvalid")
            #expect(expired.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-128")
            #expect(try await sim.get("/restapi/v1.0/account/~/call-log", token: token).status == 200)
        }
    }

    @Test func faultsCanBeInjectedOverHTTP() async throws {
        try await withSimulator(Self.configuration()) { sim in
            let token = try await sim.accessToken()
            let body: JSONValue = ["kind": "serverError", "status": 500, "target": "content", "recordingId": "8001", "count": 1]
            let injected = try await TestHTTP.send(sim.platform + "/_sim/faults", method: "POST", body: Data(body.serialized().utf8))
            #expect(injected.status == 200)
            #expect(injected.json["pending"]?.intValue == 1)
            #expect(try await sim.get(Self.contentURL(sim, "8002"), token: token).status == 200)
            #expect(try await sim.get(Self.contentURL(sim, "8001"), token: token).status == 500)
            #expect(try await sim.get(Self.contentURL(sim, "8001"), token: token).status == 200)

            let slow: JSONValue = ["kind": "notFound", "count": 5]
            _ = try await TestHTTP.send(sim.platform + "/_sim/faults", method: "POST", body: Data(slow.serialized().utf8))
            #expect(sim.simulator.pendingFaultCount == 1)
            let cleared = try await TestHTTP.send(sim.platform + "/_sim/faults", method: "DELETE")
            #expect(cleared.status == 204)
            #expect(sim.simulator.pendingFaultCount == 0)

            let bad = try await TestHTTP.send(sim.platform + "/_sim/faults", method: "POST", body: Data(#"{"kind":"meteor"}"#.utf8))
            #expect(bad.status == 400)
        }
    }
}
