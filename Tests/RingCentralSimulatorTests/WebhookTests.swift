import Foundation
import RingCentralSimulator
import Testing

struct WebhookTests {
    static func request(_ address: String, filters: [String] = ["/restapi/v1.0/account/~/extension/~/telephony/sessions"]) -> JSONValue {
        [
            "eventFilters": .array(filters.map { .string($0) }),
            "deliveryMode": ["transportType": "WebHook", "address": .string(address), "verificationToken": "secret-vt"],
            "expiresIn": 3600,
        ]
    }

    @Test func handshakeCreatesSubscriptionAndEventsCarryVerificationToken() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1)
        let fixed = configuration
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let created = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: Self.request(
                    address, filters: ["/restapi/v1.0/account/~/extension/~/telephony/sessions", "/ai/ringsense/v1/public/accounts/~/domains/pbx/insights"]
                ))
                #expect(created.status == 200)
                #expect(created.header("X-Rate-Limit-Group") == "medium")
                #expect(log.validations == 1)
                let info = created.json
                let id = try #require(info["id"]?.stringValue)
                #expect(UUID(uuidString: id) != nil)
                #expect(info["status"]?.stringValue == "Active")
                #expect(info["uri"]?.stringValue == sim.platform + "/restapi/v1.0/subscription/\(id)")
                let filters = info["eventFilters"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(filters.first == "/restapi/v1.0/account/\(sim.configuration.accountId)/extension/\(sim.configuration.extensionId)/telephony/sessions")
                let noTildeLeft = filters.allSatisfy { !$0.contains("~") }
                #expect(noTildeLeft)
                #expect(info["deliveryMode"]?["encryption"]?.serialized() == "false")
                #expect(info["deliveryMode"]?["address"]?.stringValue == address)
                #expect(info["expiresIn"]?.intValue ?? 0 > 3500)
                #expect(info["expirationTime"]?.stringValue?.hasSuffix("Z") == true)

                let deliveries = await sim.simulator.emitTelephonySessionEvents(callId: "call-0")
                #expect(deliveries.count == 3)
                let allDelivered = deliveries.allSatisfy(\.succeeded)
                #expect(allDelivered)
                let received = log.deliveries
                #expect(received.count == 3)
                let allCarryVerificationToken = received.allSatisfy { $0.verificationToken == "secret-vt" }
                #expect(allCarryVerificationToken)
                let codes = received.compactMap { $0.body["body"]?["parties"]?.arrayValue?.first?["status"]?["code"]?.stringValue }
                #expect(codes == ["Setup", "Answered", "Disconnected"])
                let first = received[0].body
                #expect(first["subscriptionId"]?.stringValue == id)
                #expect(first["event"]?.stringValue == filters.first)
                #expect(first["uuid"] != nil && first["timestamp"] != nil && first["ownerId"] != nil)
                #expect(first["body"]?["origin"]?["type"]?.stringValue == "Call")
                #expect(received[1].body["body"]?["parties"]?.arrayValue?.first?["recordings"]?.arrayValue?.first?["id"]?.stringValue == "5000")
                #expect(received[2].body["body"]?["sequence"]?.intValue == 3)

                let overHTTP = try await TestHTTP.send(sim.platform + "/_sim/calls/call-0/events", method: "POST")
                #expect(overHTTP.json["deliveries"]?.arrayValue?.count == 3)
                #expect(log.deliveries.count == 6)

                let insights = await sim.simulator.emitRingSenseInsightsEvent(recordingId: "5000")
                #expect(insights.count == 1)
                let event = try #require(log.deliveries.last?.body)
                #expect(event["event"]?.stringValue == "/ai/ringsense/v1/public/accounts/\(sim.configuration.accountId)/domains/pbx/insights")
                #expect(event["body"]?["sourceRecordId"]?.stringValue == "5000")
                #expect(event["body"]?["insights"]?["Transcript"]?.arrayValue?.isEmpty == false)

                // List, read, renew, update, delete.
                let list = try await sim.get("/restapi/v1.0/subscription", token: token)
                #expect(list.json["records"]?.arrayValue?.count == 1)
                #expect(list.header("X-Rate-Limit-Group") == "light")
                #expect(try await sim.get("/restapi/v1.0/subscription/\(id)", token: token).json["id"]?.stringValue == id)
                let renewed = try await sim.send("/restapi/v1.0/subscription/\(id)/renew", method: "POST", token: token)
                #expect(renewed.status == 200)
                #expect(renewed.header("X-Rate-Limit-Group") == "light")
                let updated = try await sim.send("/restapi/v1.0/subscription/\(id)", method: "PUT", token: token, json: ["expiresIn": 7200])
                #expect(updated.json["expiresIn"]?.intValue ?? 0 > 7000)
                let deleted = try await sim.send("/restapi/v1.0/subscription/\(id)", method: "DELETE", token: token)
                #expect(deleted.status == 204)
                let gone = try await sim.get("/restapi/v1.0/subscription/\(id)", token: token)
                #expect(gone.status == 404)
                #expect(gone.json["errorCode"]?.stringValue == "SUB-507")
            }
        }
    }

    @Test func handshakeFailures() async throws {
        try await withSubscriber(mode: .noEcho) { address, log in
            try await withSimulator { sim in
                let token = try await sim.accessToken()
                let result = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: Self.request(address))
                #expect(result.status == 400)
                #expect(result.json["errorCode"]?.stringValue == "SUB-525")
                #expect(log.validations == 1)
                #expect(try await sim.get("/restapi/v1.0/subscription", token: token).json["records"]?.arrayValue?.isEmpty == true)
            }
        }
        try await withSubscriber(mode: .wrongEcho) { address, _ in
            try await withSimulator { sim in
                let token = try await sim.accessToken()
                let result = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: Self.request(address))
                #expect(result.json["errorCode"]?.stringValue == "SUB-525")
            }
        }
        try await withSimulator { sim in
            let token = try await sim.accessToken()
            let result = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: Self.request("http://127.0.0.1:9/hook"))
            #expect(result.status == 400)
            #expect(result.json["errorCode"]?.stringValue == "SUB-521")
        }
    }

    @Test func slowHandshakeTimesOut() async throws {
        var configuration = SimulatorConfiguration()
        configuration.webhookValidationTimeout = 0.3
        let fixed = configuration
        try await withSubscriber(mode: .slowEcho(milliseconds: 1500)) { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let result = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: Self.request(address))
                #expect(result.status == 400)
                #expect(result.json["errorCode"]?.stringValue == "SUB-521")
                #expect(log.validations == 1)
            }
        }
    }

    @Test func failingSubscriberGetsBlacklisted() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1)
        configuration.webhookBlacklistAfterFailures = 2
        let fixed = configuration
        try await withSubscriber(deliveryStatus: 500) { address, _ in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let created = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: Self.request(address))
                let id = try #require(created.json["id"]?.stringValue)
                let deliveries = await sim.simulator.emitTelephonySessionEvents(callId: "call-0")
                #expect(deliveries.count == 2)
                let allFailed = deliveries.allSatisfy { !$0.succeeded }
                #expect(allFailed)
                let info = try await sim.get("/restapi/v1.0/subscription/\(id)", token: token)
                #expect(info.json["status"]?.stringValue == "Blacklisted")
                #expect(info.json["blacklistedData"]?["reason"] != nil)
                #expect(info.json["blacklistedData"]?["blacklistedAt"]?.stringValue?.hasSuffix("Z") == true)
                // A blacklisted subscription gets nothing more, and renewing does not bring it back.
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "call-0").isEmpty)
                let renewed = try await sim.send("/restapi/v1.0/subscription/\(id)/renew", method: "POST", token: token)
                #expect(renewed.json["status"]?.stringValue == "Blacklisted")
                #expect(sim.simulator.stats().webhookDeliveryFailures == 2)
            }
        }
    }
}
