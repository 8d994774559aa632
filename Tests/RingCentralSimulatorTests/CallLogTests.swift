import Foundation
import RingCentralSimulator
import Testing

struct CallLogTests {
    @Test func pagingAndNavigation() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 25)
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            var url: String? = sim.platform + "/restapi/v1.0/account/~/call-log?view=Simple&perPage=10"
            var pages: [JSONValue] = []
            while let next = url {
                let result = try await sim.get(next, token: token)
                #expect(result.status == 200)
                #expect(result.header("X-Rate-Limit-Group") == "heavy")
                pages.append(result.json)
                url = result.json["navigation"]?["nextPage"]?["uri"]?.stringValue
                if pages.count > 5 { break }
            }
            #expect(pages.count == 3)
            #expect(pages.map { $0["records"]?.arrayValue?.count ?? -1 } == [10, 10, 5])
            #expect(pages[0]["paging"]?["page"]?.intValue == 1)
            #expect(pages[0]["paging"]?["perPage"]?.intValue == 10)
            #expect(pages[0]["paging"]?["pageStart"]?.intValue == 0)
            #expect(pages[0]["paging"]?["pageEnd"]?.intValue == 9)
            #expect(pages[2]["paging"]?["pageStart"]?.intValue == 20)
            #expect(pages[2]["paging"]?["pageEnd"]?.intValue == 24)
            #expect(pages[0]["navigation"]?["previousPage"] == nil)
            #expect(pages[1]["navigation"]?["previousPage"]?["uri"]?.stringValue?.contains("page=1") == true)
            #expect(pages[2]["navigation"]?["nextPage"] == nil)
            #expect(pages[0]["navigation"]?["firstPage"]?["uri"]?.stringValue?.hasPrefix(sim.platform) == true)
            #expect(pages[1]["uri"]?.stringValue?.contains("view=Simple") == true)
            // Newest first, ids unique across pages.
            let ids = pages.flatMap { $0["records"]?.arrayValue ?? [] }.compactMap { $0["id"]?.stringValue }
            #expect(Set(ids).count == 25)
            #expect(ids.first == "call-0")

            let beyond = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=10&page=9", token: token)
            #expect(beyond.json["records"]?.arrayValue?.isEmpty == true)
            #expect(beyond.json["paging"]?["page"] == nil)
            #expect(beyond.json["navigation"]?["nextPage"] == nil)

            let maxPage = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max", token: token)
            #expect(maxPage.json["paging"]?["perPage"]?.intValue == 1000)
            let clamped = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=5000", token: token)
            #expect(clamped.json["paging"]?["perPage"]?.intValue == 1000)
            let user = try await sim.get("/restapi/v1.0/account/~/extension/~/call-log?perPage=max", token: token)
            #expect(user.json["records"]?.arrayValue?.count == 25)
        }
    }

    @Test func invalidParametersAreCMN101() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            for (query, parameter) in [
                ("view=Bogus", "view"), ("direction=Sideways", "direction"), ("dateFrom=yesterday", "dateFrom"),
                ("perPage=0", "perPage"), ("recordingType=Sometimes", "recordingType"), ("type=Smoke", "type"),
            ] {
                let result = try await sim.get("/restapi/v1.0/account/~/call-log?\(query)", token: token)
                #expect(result.status == 400, "\(query)")
                #expect(result.json["errorCode"]?.stringValue == "CMN-101")
                #expect(result.json["message"]?.stringValue == "Parameter [\(parameter)] value is invalid.")
                #expect(result.json["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == parameter)
            }
        }
    }

    @Test func filters() async throws {
        let now = Date()
        var calls = fixedCalls(count: 6)
        calls.append(SimulatedCall(id: "old", startTime: now.addingTimeInterval(-3 * 24 * 3600), durationMs: 40_000,
                                   recording: SimulatedRecording(id: "9001", durationSeconds: 40)))
        calls.append(SimulatedCall(id: "missed", startTime: now.addingTimeInterval(-30), durationMs: 0, result: "Missed"))
        calls.append(SimulatedCall(id: "fax", startTime: now.addingTimeInterval(-40), durationMs: 10_000, type: "Fax", direction: "Outbound", result: "Sent"))
        var configuration = SimulatorConfiguration()
        configuration.calls = calls
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            func ids(_ query: String) async throws -> Set<String> {
                let result = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max&\(query)", token: token)
                #expect(result.status == 200, "\(query)")
                return Set((result.json["records"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
            }
            // Default window is the last 24 h.
            #expect(try await ids("").contains("old") == false)
            #expect(try await ids("").count == 8)
            let from = "2000-01-01T00:00:00.000Z"
            #expect(try await ids("dateFrom=\(from)").contains("old"))
            #expect(try await ids("direction=Inbound") == ["call-0", "call-2", "call-4", "missed"])
            #expect(try await ids("direction=Inbound&direction=Outbound").count == 8)
            #expect(try await ids("type=Fax") == ["fax"])
            #expect(try await ids("recordingType=OnDemand") == ["call-0", "call-3"])
            #expect(try await ids("recordingType=Automatic") == ["call-1", "call-2", "call-4", "call-5"])
            #expect(try await ids("recordingType=All").count == 6)
            #expect(try await ids("withRecording=true").count == 6)
            #expect(try await ids("withRecording=true&recordingType=OnDemand").count == 2)
        }
    }

    @Test func detailedViewAddsLegsAndContentUriUsesTheMediaHost() async throws {
        var configuration = SimulatorConfiguration()
        configuration.generator.callCount = 80
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let simple = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max", token: token)
            let simpleRecords = try #require(simple.json["records"]?.arrayValue)
            #expect(simpleRecords.count == 80)
            let noLegsInSimple = simpleRecords.allSatisfy { $0["legs"] == nil }
            #expect(noLegsInSimple)

            let detailed = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max&view=Detailed", token: token)
            let records = try #require(detailed.json["records"]?.arrayValue)
            let everyRecordHasLegs = records.allSatisfy { ($0["legs"]?.arrayValue?.count ?? 0) >= 1 }
            #expect(everyRecordHasLegs)
            let exactlyOneMasterLeg = records.allSatisfy { record in (record["legs"]?.arrayValue ?? []).filter { $0["master"]?.serialized() == "true" }.count == 1 }
            #expect(exactlyOneMasterLeg)
            let transfers = records.filter { ($0["legs"]?.arrayValue ?? []).contains { $0["legType"]?.stringValue == "TransferCall" } }
            #expect(!transfers.isEmpty)
            let legRecordings = transfers[0]["legs"]?.arrayValue?.compactMap { $0["recording"]?["id"]?.stringValue } ?? []
            #expect(Set(legRecordings).count >= 2)

            // Variety and tolerance cases.
            let results = Set(records.compactMap { $0["result"]?.stringValue })
            #expect(results.isSuperset(of: ["Accepted", "Call connected", "Blocked"]))
            #expect(!results.isDisjoint(with: ["Missed", "No Answer", "Busy", "Hang Up"]))
            #expect(!results.isDisjoint(with: ["Voicemail", "Sent to Voicemail"]))
            #expect(records.contains { $0["shortRecording"]?.serialized() == "true" && $0["recording"] == nil })
            #expect(records.contains { $0["simFutureField"] != nil })

            for record in records {
                #expect(record["startTime"]?.stringValue?.hasSuffix("Z") == true)
                #expect(record["uri"]?.stringValue?.hasPrefix(sim.platform) == true)
                if let recording = record["recording"] {
                    let contentUri = try #require(recording["contentUri"]?.stringValue)
                    #expect(contentUri.hasPrefix(sim.endpoints.mediaBaseURL))
                    #expect(!contentUri.hasPrefix(sim.platform))
                    #expect(recording["uri"]?.stringValue?.hasPrefix(sim.platform) == true)
                }
            }
        }
    }

    @Test func generatorIsDeterministic() {
        let end = Date(timeIntervalSince1970: 1_700_000_000)
        let a = CallLogGenerator(options: .init(seed: 7, callCount: 30, endDate: end)).generate()
        let b = CallLogGenerator(options: .init(seed: 7, callCount: 30, endDate: end)).generate()
        #expect(a.map(\.id) == b.map(\.id))
        #expect(a.map(\.startTime) == b.map(\.startTime))
        let allInsideTheDay = a.allSatisfy { $0.startTime <= end && $0.startTime > end.addingTimeInterval(-86_400) }
        #expect(allInsideTheDay)
        for call in a {
            #expect(call.startTime.addingTimeInterval(Double(call.durationMs) / 1000) <= end)
            for recording in call.allRecordings where call.legs.isEmpty {
                // Automatic recordings cover the call; on-demand ones start later and end with it.
                #expect(recording.offsetSeconds + recording.durationSeconds == call.durationMs / 1000)
                #expect(recording.type == "OnDemand" || recording.offsetSeconds == 0)
            }
        }
    }

    @Test func theGeneratedDayAndTheDefaultWindowFollowTheClock() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.generator.callCount = 30
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let now = clock.date
            let calls = sim.simulator.calls
            #expect(calls.count == 30)
            let insideTheDay = calls.allSatisfy {
                $0.startTime > now.addingTimeInterval(-86_400) && $0.startTime.addingTimeInterval(Double($0.durationMs) / 1000) <= now
            }
            #expect(insideTheDay)
            let token = try await sim.accessToken()
            let all = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max", token: token)
            #expect(all.json["records"]?.arrayValue?.count == 30)
            // A day later the same calls have left the default window.
            clock.advance(seconds: 86_400)
            let fresh = try await sim.accessToken()
            #expect(try await sim.get("/restapi/v1.0/account/~/call-log", token: token).status == 401)
            let later = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max", token: fresh)
            #expect(later.json["records"]?.arrayValue?.isEmpty == true)
            let explicit = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max&dateFrom=2025-01-01T00:00:00Z", token: fresh)
            #expect(explicit.json["records"]?.arrayValue?.count == 30)
        }
    }
}
