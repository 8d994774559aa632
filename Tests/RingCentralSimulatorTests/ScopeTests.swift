import Foundation
import RingCentralSimulator
import Testing

struct ScopeTests {
    static func configuration(scope: String) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(scope: scope)
        configuration.calls = fixedCalls(count: 1, durationSeconds: 30)
        configuration.rateLimitingEnabled = false
        return configuration
    }

    static func expectForbidden(_ result: HTTPResult, permission: String) {
        #expect(result.status == 403)
        #expect(result.json["errorCode"]?.stringValue == "InsufficientPermissions")
        #expect(result.json["permissionName"]?.stringValue == permission)
        let item = result.json["errors"]?.arrayValue?.first
        #expect(item?["errorCode"]?.stringValue == "CMN-401")
        #expect(item?["permissionName"]?.stringValue == permission)
        #expect(item?["message"]?.stringValue?.contains("[\(permission)]") == true)
    }

    @Test func tokensCarryTheConfiguredScope() async throws {
        try await withSimulator(Self.configuration(scope: "ReadCallLog ReadCallRecording")) { sim in
            let login = try await sim.login()
            #expect(login["scope"]?.stringValue == "ReadCallLog ReadCallRecording")
            let refreshed = try await sim.tokenRequest("grant_type=refresh_token&refresh_token=\(login["refresh_token"]?.stringValue ?? "")")
            #expect(refreshed.json["scope"]?.stringValue == "ReadCallLog ReadCallRecording")
        }
    }

    @Test func ringSenseAndAIEndpointsNeedTheirPermissions() async throws {
        try await withSimulator(Self.configuration(scope: "ReadCallLog ReadCallRecording")) { sim in
            let token = try await sim.accessToken()
            #expect(try await sim.get("/restapi/v1.0/account/~/call-log", token: token).status == 200)
            let insights = try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/pbx/records/5000/insights", token: token)
            Self.expectForbidden(insights, permission: "RingSense")
            #expect(insights.header("X-Rate-Limit-Group") == "light")
            let submit = try await sim.send(
                "/ai/audio/v1/async/speech-to-text?webhook=http://127.0.0.1:9/hook", method: "POST", token: token,
                json: ["contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US"]
            )
            Self.expectForbidden(submit, permission: "AI")
            Self.expectForbidden(try await sim.get("/ai/status/v1/jobs/00000000-0000-0000-0000-000000000000", token: token), permission: "AI")
        }
    }

    @Test func callLogAndRecordingsNeedTheirPermissions() async throws {
        try await withSimulator(Self.configuration(scope: "RingSense AI")) { sim in
            let token = try await sim.accessToken()
            Self.expectForbidden(try await sim.get("/restapi/v1.0/account/~/call-log", token: token), permission: "ReadCallLog")
            Self.expectForbidden(try await sim.get("/restapi/v1.0/account/~/recording/5000", token: token), permission: "ReadCallRecording")
            Self.expectForbidden(try await sim.get(sim.contentURL("5000"), token: token), permission: "ReadCallRecording")
            #expect(try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/pbx/records/5000/insights", token: token).status == 200)
        }
    }

    @Test func subscriptionsDisableFiltersTheScopeDoesNotAllow() async throws {
        let configuration = Self.configuration(scope: "CallControl ReadCallLog")
        try await withSubscriber { address, log in
            try await withSimulator(configuration) { sim in
                let token = try await sim.accessToken()
                let created = try await sim.send(
                    "/restapi/v1.0/subscription", method: "POST", token: token,
                    json: WebhookTests.request(address, filters: [
                        "/restapi/v1.0/account/~/telephony/sessions", "/ai/ringsense/v1/public/accounts/~/domains/pbx/insights",
                    ])
                )
                #expect(created.status == 200)
                let account = sim.configuration.accountId
                #expect(created.json["eventFilters"]?.arrayValue?.compactMap(\.stringValue) == ["/restapi/v1.0/account/\(account)/telephony/sessions"])
                let disabled = try #require(created.json["disabledFilters"]?.arrayValue)
                #expect(disabled.count == 1)
                #expect(disabled.first?["filter"]?.stringValue == "/ai/ringsense/v1/public/accounts/\(account)/domains/pbx/insights")
                #expect(disabled.first?["reason"]?.stringValue?.isEmpty == false)
                #expect(disabled.first?["message"]?.stringValue?.contains("RingSense") == true)

                // The disabled filter gets nothing; the enabled one does.
                #expect(await sim.simulator.emitRingSenseInsightsEvent(recordingId: "5000").isEmpty)
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "call-0").count == 3)
                #expect(log.deliveries.count == 3)

                let unknown = try await sim.send(
                    "/restapi/v1.0/subscription", method: "POST", token: token,
                    json: WebhookTests.request(address, filters: ["/restapi/v1.0/account/~/made-up-events"])
                )
                #expect(unknown.status == 400)
                #expect(unknown.json["errorCode"]?.stringValue == "SUB-508")
            }
        }
    }
}
