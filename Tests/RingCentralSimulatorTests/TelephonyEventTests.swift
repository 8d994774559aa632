import Essentials
import Foundation
import RingCentralSimulator
import Testing

struct TelephonyEventTests {
    static let filters = ["/restapi/v1.0/account/~/telephony/sessions", "/ai/ringsense/v1/public/accounts/~/domains/pbx/insights"]

    static func subscribe(_ sim: SimulatorHarness, _ address: String, token: String, filters: [String] = filters, expiresIn: Int = 3600) async throws -> String {
        var request = WebhookTests.request(address, filters: filters)
        request = request.setting("expiresIn", to: .int(expiresIn))
        let created = try await sim.send("/restapi/v1.0/subscription", method: "POST", token: token, json: request)
        #expect(created.status == 200)
        return try #require(created.json["id"]?.stringValue)
    }

    static func codes(_ log: SubscriberLog) -> [String] {
        log.deliveries.compactMap { $0.body["body"]?["parties"]?.arrayValue?.first?["status"]?["code"]?.stringValue }
    }

    @Test func aPlayedCallDeliversItsEventsOnTheClockAndItsRecordLater() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = []
        configuration.callLogDelay = 120
        configuration.insightsDelay = 300
        configuration.insightsRevisionFraction = 1
        configuration.insightsRevisionDelay = 600
        configuration.rateLimitingEnabled = false
        let fixed = configuration
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let subscriptionId = try await Self.subscribe(sim, address, token: token)
                let call = SimulatedCall.recorded(
                    id: "live", recordingId: "9100", format: .wavPCM16, durationSeconds: 60, startTime: clock.date.addingTimeInterval(10)
                )
                sim.simulator.playCall(call)
                let byTelephonySession = "/restapi/v1.0/account/~/call-log?telephonySessionId=\(call.telephonySessionId)&dateFrom=2025-01-01T00:00:00Z"
                func records() async throws -> [JSONValue] {
                    try await sim.get(byTelephonySession, token: token).json["records"]?.arrayValue ?? []
                }

                await sim.simulator.settle()
                #expect(log.deliveries.isEmpty)
                clock.advance(seconds: 10)
                await sim.simulator.settle()
                #expect(Self.codes(log) == ["Setup"])
                clock.advance(seconds: 1)
                await sim.simulator.settle()
                #expect(Self.codes(log) == ["Setup", "Answered"])
                let answered = log.deliveries[1].body["body"]?["parties"]?.arrayValue?.first
                #expect(answered?["recordings"]?.arrayValue?.first?["id"]?.stringValue == "9100")
                #expect(answered?["recordings"]?.arrayValue?.first?["active"]?.serialized() == "true")
                #expect(try await records().isEmpty)

                clock.advance(seconds: 59)
                await sim.simulator.settle()
                #expect(Self.codes(log) == ["Setup", "Answered", "Disconnected"])
                let disconnected = try #require(log.deliveries.last)
                #expect(disconnected.verificationToken == "secret-vt")
                #expect(disconnected.body["subscriptionId"]?.stringValue == subscriptionId)
                #expect(disconnected.body["event"]?.stringValue == "/restapi/v1.0/account/\(sim.configuration.accountId)/telephony/sessions")
                #expect(disconnected.body["timestamp"]?.stringValue == "2025-01-06T10:31:10.000Z")
                let body = disconnected.body["body"]
                #expect(body?["telephonySessionId"]?.stringValue == call.telephonySessionId)
                #expect(body?["sequence"]?.intValue == 3)
                #expect(body?["eventTime"]?.stringValue == "2025-01-06T10:31:10.000Z")
                let party = body?["parties"]?.arrayValue?.first
                #expect(party?["status"]?["reason"]?.stringValue == "CallFinished")
                #expect(party?["recordings"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == ["9100"])
                #expect(party?["recordings"]?.arrayValue?.first?["active"]?.serialized() == "false")
                #expect(party?["to"]?["extensionNumber"] == nil)

                // The session has ended, but its call-log record and recording come only after the delay.
                #expect(try await records().isEmpty)
                #expect(try await sim.get("/restapi/v1.0/account/~/recording/9100", token: token).status == 404)
                clock.advance(seconds: 119)
                #expect(try await records().isEmpty)
                clock.advance(seconds: 1)
                let found = try await records()
                #expect(found.count == 1)
                #expect(found.first?["recording"]?["id"]?.stringValue == "9100")
                #expect(try await sim.get("/restapi/v1.0/account/~/recording/9100", token: token).status == 200)

                // RingSense: one event per insights version, when each becomes available.
                clock.advance(seconds: 179)
                await sim.simulator.settle()
                #expect(log.deliveries.count == 3)
                clock.advance(seconds: 1)
                await sim.simulator.settle()
                #expect(log.deliveries.count == 4)
                let firstInsights = try #require(log.deliveries.last?.body)
                #expect(firstInsights["event"]?.stringValue == "/ai/ringsense/v1/public/accounts/\(sim.configuration.accountId)/domains/pbx/insights")
                #expect(firstInsights["body"]?["sourceRecordId"]?.stringValue == "9100")
                clock.advance(seconds: 599)
                await sim.simulator.settle()
                #expect(log.deliveries.count == 4)
                clock.advance(seconds: 1)
                await sim.simulator.settle()
                #expect(log.deliveries.count == 5)
                let secondInsights = try #require(log.deliveries.last?.body)
                #expect(secondInsights["body"]?["sourceRecordId"]?.stringValue == "9100")
                #expect(secondInsights["body"]?["creationTime"]?.stringValue == firstInsights["body"]?["creationTime"]?.stringValue)
                #expect(secondInsights["body"]?["lastModifiedTime"]?.stringValue == "2025-01-06T10:46:10.000Z")
                #expect(firstInsights["body"]?["lastModifiedTime"]?.stringValue == "2025-01-06T10:36:10.000Z")
                #expect(secondInsights["body"]?["insights"]?["CallNotes"]?.serialized() != firstInsights["body"]?["insights"]?["CallNotes"]?.serialized())
                #expect(Set(log.deliveries.compactMap { $0.body["uuid"]?.stringValue }).count == 5)

                let stats = sim.simulator.stats()
                #expect(stats.eventDeliveries["telephonySession"] == 3)
                #expect(stats.eventDeliveries["ringSenseInsights"] == 2)
            }
        }
    }

    @Test func filterOptionsSelectTheEvents() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        let recorded = SimulatedCall.recorded(id: "rec", recordingId: "9200", format: .wavPCM16, durationSeconds: 30, startTime: clock.date.addingTimeInterval(-300))
        let missed = SimulatedCall(id: "missed", startTime: clock.date.addingTimeInterval(-200), durationMs: 12_000, result: "Missed")
        configuration.calls = [recorded, missed]
        configuration.rateLimitingEnabled = false
        let fixed = configuration
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                _ = try await Self.subscribe(
                    sim, address, token: token, filters: ["/restapi/v1.0/account/~/telephony/sessions?statusCode=Disconnected&withRecordings=true"]
                )
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "rec").count == 1)
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "missed").isEmpty)
                #expect(Self.codes(log) == ["Disconnected"])
            }
        }
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                _ = try await Self.subscribe(sim, address, token: token, filters: ["/restapi/v1.0/account/~/telephony/sessions?direction=Outbound"])
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "rec").isEmpty)
                _ = try await Self.subscribe(sim, address, token: token, filters: ["/restapi/v1.0/account/~/telephony/sessions?missedCall=true"])
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "missed").count == 1)
                #expect(log.deliveries.first?.body["body"]?["parties"]?.arrayValue?.first?["missedCall"]?.serialized() == "true")
            }
        }
    }

    @Test func subscriptionsRenewExpireAndAnswerSUB507() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = fixedCalls(count: 1, now: clock.date)
        configuration.rateLimitingEnabled = false
        let fixed = configuration
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let id = try await Self.subscribe(sim, address, token: token, expiresIn: 600)
                clock.advance(seconds: 500)
                let read = try await sim.get("/restapi/v1.0/subscription/\(id)", token: token)
                #expect(read.json["expiresIn"]?.intValue == 100)
                let renewed = try await sim.send("/restapi/v1.0/subscription/\(id)/renew", method: "POST", token: token)
                #expect(renewed.status == 200)
                #expect(renewed.json["expiresIn"]?.intValue == 600)
                #expect(renewed.json["expirationTime"]?.stringValue == "2025-01-06T10:48:20.000Z")

                clock.advance(seconds: 599)
                #expect(try await sim.get("/restapi/v1.0/subscription/\(id)", token: token).status == 200)
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "call-0").count == 3)
                clock.advance(seconds: 1)
                let expired = try await sim.get("/restapi/v1.0/subscription/\(id)", token: token)
                #expect(expired.status == 404)
                #expect(expired.json["errorCode"]?.stringValue == "SUB-507")
                #expect(expired.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "SUB-507")
                #expect(expired.json["message"]?.stringValue?.contains(id) == true)
                #expect(try await sim.send("/restapi/v1.0/subscription/\(id)/renew", method: "POST", token: token).json["errorCode"]?.stringValue == "SUB-507")
                #expect(try await sim.get("/restapi/v1.0/subscription", token: token).json["records"]?.arrayValue?.isEmpty == true)
                #expect(await sim.simulator.emitTelephonySessionEvents(callId: "call-0").isEmpty)
                #expect(log.deliveries.count == 3)

                let unknown = try await sim.send("/restapi/v1.0/subscription/00000000-0000-0000-0000-000000000000", method: "DELETE", token: token)
                #expect(unknown.status == 404)
                #expect(unknown.json["errorCode"]?.stringValue == "SUB-507")

                let other = try await Self.subscribe(sim, address, token: token)
                let updated = try await sim.send(
                    "/restapi/v1.0/subscription/\(other)", method: "PUT", token: token,
                    json: ["eventFilters": ["/ai/ringsense/v1/public/accounts/~/domains/pbx/insights"], "expiresIn": 900]
                )
                #expect(updated.json["eventFilters"]?.arrayValue?.count == 1)
                #expect(updated.json["expiresIn"]?.intValue == 900)
                #expect(try await sim.send("/restapi/v1.0/subscription/\(other)", method: "DELETE", token: token).status == 204)
                #expect(try await sim.send("/restapi/v1.0/subscription/\(other)/renew", method: "POST", token: token).json["errorCode"]?.stringValue == "SUB-507")
            }
        }
    }
}
