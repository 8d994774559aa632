import Essentials
import Foundation
import RingCentralSimulator
import Testing

struct RingSenseTests {
    static let path = "/ai/ringsense/v1/public/accounts/~/domains/pbx/records"

    static func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let members)? = value else { return [] }
        return members.map(\.key)
    }

    @Test func recordingInsightsHaveTheSpecShape() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        let agent = SimulatedParty(phoneNumber: "+16505551101", extensionNumber: "101", extensionId: "400643091101", name: "Robin Sales")
        let customer = SimulatedParty(phoneNumber: "+14155550123", name: "Jane Q. Customer")
        var call = SimulatedCall.recorded(
            id: "c1", recordingId: "5000", format: .wavPCM16, type: "OnDemand", durationSeconds: 90, recordingSeconds: 70,
            startTime: clock.date.addingTimeInterval(-600)
        )
        call.from = customer
        call.to = agent
        configuration.calls = [call]
        configuration.rateLimitingEnabled = false
        let sessionId = call.telephonySessionId
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let result = try await sim.get("\(Self.path)/5000/insights", token: token)
            #expect(result.status == 200)
            #expect(result.header("X-Rate-Limit-Group") == "light")
            let body = result.json
            let required = ["title", "domain", "sourceRecordId", "sourceSessionId", "ownerExtensionId", "recordingDurationMs",
                            "recordingStartTime", "creationTime", "lastModifiedTime", "speakerInfo", "insights"]
            #expect(Set(required).isSubset(of: Set(Self.keys(body))))
            #expect(Set(Self.keys(body)).isSubset(of: Set(required + ["callDirection", "rsRecordUri"])))
            #expect(body["domain"]?.stringValue == "pbx")
            #expect(body["sourceRecordId"]?.stringValue == "5000")
            #expect(body["sourceSessionId"]?.stringValue == sessionId)
            #expect(body["callDirection"]?.stringValue == "Inbound")
            #expect(body["ownerExtensionId"]?.stringValue == "400643091101")
            #expect(body["recordingDurationMs"]?.intValue == 70_000)
            // The on-demand recording started 20 s into the call.
            #expect(body["recordingStartTime"]?.stringValue == "2025-01-06T10:20:20.000Z")
            #expect(body["title"]?.stringValue == "Call from Jane Q. Customer to Robin Sales")

            let speakers = try #require(body["speakerInfo"]?.arrayValue)
            #expect(speakers.count == 2)
            #expect(speakers[0]["name"]?.stringValue == "Robin Sales")
            #expect(speakers[0]["extensionId"]?.stringValue == "400643091101")
            #expect(speakers[0]["accountId"]?.stringValue == sim.configuration.accountId)
            #expect(speakers[1]["name"]?.stringValue == "Jane Q. Customer")
            #expect(speakers[1]["phoneNumber"]?.stringValue == "+14155550123")
            #expect(speakers[1]["accountId"] == nil && speakers[1]["extensionId"] == nil)
            let speakerIds = Set(speakers.compactMap { $0["speakerId"]?.stringValue })

            let insights = body["insights"]
            #expect(Set(Self.keys(insights)) == ["Transcript", "Summary", "Highlights", "NextSteps", "BulletedSummary", "AIScore", "CallNotes", "Sentiment"])
            for item in insights?["Transcript"]?.arrayValue ?? [] {
                #expect(Set(Self.keys(item)) == ["speakerId", "text", "start", "end"])
                #expect(speakerIds.contains(item["speakerId"]?.stringValue ?? ""))
                #expect((item["end"]?.doubleValue ?? .infinity) <= 70)
            }
            #expect(insights?["Transcript"]?.arrayValue?.map { $0["text"]?.stringValue ?? "" } == sim.simulator.utterances(recordingId: "5000")?.map(\.text))
            for name in ["Highlights", "NextSteps"] {
                let items = insights?[name]?.arrayValue ?? []
                #expect(!items.isEmpty, "\(name)")
                for item in items {
                    #expect(Set(Self.keys(item)) == ["speakerId", "value", "start", "end"], "\(name)")
                    #expect(speakerIds.contains(item["speakerId"]?.stringValue ?? ""))
                }
            }
            for item in insights?["Summary"]?.arrayValue ?? [] {
                #expect(Set(Self.keys(item)) == ["value", "start", "end"])
            }
            for item in insights?["BulletedSummary"]?.arrayValue ?? [] {
                #expect(item["value"]?.stringValue != nil)
                #expect(Set(Self.keys(item)).isSubset(of: ["value", "section"]))
            }
            #expect(insights?["AIScore"]?.arrayValue?.first?["value"]?.stringValue.flatMap(Int.init) != nil)
            #expect(insights?["CallNotes"]?.arrayValue?.first?["value"]?.stringValue?.isEmpty == false)
            #expect(["Positive", "Negative", "Neutral"].contains(insights?["Sentiment"]?.arrayValue?.first?["value"]?.stringValue ?? ""))

            let some = try await sim.get("\(Self.path)/5000/insights?insightTypes=Transcript,Summary", token: token)
            #expect(Set(Self.keys(some.json["insights"])) == ["Transcript", "Summary"])

            let invalid = try await sim.get("\(Self.path)/5000/insights?insightTypes=Transcript,Mood", token: token)
            #expect(invalid.status == 400)
            #expect(invalid.json["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == "insightTypes")
            #expect(try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/zoom/records/5000/insights", token: token).status == 400)
            #expect(try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/rcv/records/5000/insights", token: token).status == 404)
            let unknown = try await sim.get("\(Self.path)/999/insights", token: token)
            #expect(unknown.status == 404)
            #expect(unknown.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CMN-102")
        }
    }

    @Test func insightsAppearTheConfiguredTimeAfterTheCall() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = [SimulatedCall.recorded(id: "c1", recordingId: "5000", format: .wavPCM16, durationSeconds: 60, startTime: clock.date.addingTimeInterval(-70))]
        configuration.insightsDelay = 300
        configuration.insightsRevisionFraction = 0
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            // The call ended 10 s ago: insights exist 290 s from now.
            #expect(sim.simulator.insightsAvailability(recordingId: "5000") == [clock.date.addingTimeInterval(290)])
            let early = try await sim.get("\(Self.path)/5000/insights", token: token)
            #expect(early.status == 404)
            #expect(early.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CMN-102")
            #expect(early.json["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == "sourceRecordId")
            clock.advance(seconds: 289)
            #expect(try await sim.get("\(Self.path)/5000/insights", token: token).status == 404)
            clock.advance(seconds: 1)
            let ready = try await sim.get("\(Self.path)/5000/insights", token: token)
            #expect(ready.status == 200)
            #expect(ready.json["creationTime"]?.stringValue == "2025-01-06T10:34:50.000Z")
            #expect(ready.json["lastModifiedTime"]?.stringValue == "2025-01-06T10:34:50.000Z")
            // Call log and recording were available all along (no call-log delay configured).
            #expect(try await sim.get("/restapi/v1.0/account/~/recording/5000", token: token).status == 200)
        }
    }

    @Test func aShareOfRecordingsGetsASecondNewerVersion() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = (0..<40).map { index in
            SimulatedCall.recorded(
                id: "c\(index)", recordingId: String(30_000 + index), format: .wavPCM16, durationSeconds: 60,
                startTime: clock.date.addingTimeInterval(-120)
            )
        }
        configuration.insightsRevisionFraction = 0.4
        configuration.insightsRevisionDelay = 600
        configuration.rateLimitingEnabled = false
        let ids = configuration.calls!.compactMap(\.recording?.id)
        let twin = RingCentralSimulator(configuration: configuration)
        try await withSimulator(configuration) { sim in
            let revised = ids.filter { sim.simulator.insightsAvailability(recordingId: $0).count == 2 }
            #expect(revised.count >= 8 && revised.count <= 28)
            #expect(revised == ids.filter { twin.insightsAvailability(recordingId: $0).count == 2 })

            // Every call ended 60 s ago: version 1 exists now, version 2 comes 540 s from now.
            let id = try #require(revised.first)
            #expect(sim.simulator.insightsAvailability(recordingId: id) == [clock.date.addingTimeInterval(-60), clock.date.addingTimeInterval(540)])
            let token = try await sim.accessToken()
            let first = try await sim.get("\(Self.path)/\(id)/insights", token: token).json
            clock.set(millis: Millis.from(sim.simulator.insightsAvailability(recordingId: id)[1]))
            let second = try await sim.get("\(Self.path)/\(id)/insights", token: token).json
            #expect(second["creationTime"]?.stringValue == first["creationTime"]?.stringValue)
            let firstModified = try #require(first["lastModifiedTime"]?.stringValue.flatMap(Millis.parse))
            let secondModified = try #require(second["lastModifiedTime"]?.stringValue.flatMap(Millis.parse))
            #expect(secondModified.timeIntervalSince(firstModified) == 600)
            #expect(second["insights"]?["Transcript"]?.serialized() == first["insights"]?["Transcript"]?.serialized())
            #expect(second["insights"]?["Summary"]?.serialized() != first["insights"]?["Summary"]?.serialized())
            #expect(second["insights"]?["CallNotes"]?.serialized() != first["insights"]?["CallNotes"]?.serialized())
            let once = ids.first { !revised.contains($0) }!
            #expect(sim.simulator.insightsAvailability(recordingId: once).count == 1)
        }
        for (fraction, expected) in [(0.0, 0), (1.0, 40)] {
            var all = configuration
            all.insightsRevisionFraction = fraction
            let simulator = RingCentralSimulator(configuration: all)
            #expect(ids.filter { simulator.insightsAvailability(recordingId: $0).count == 2 }.count == expected)
        }
    }

    @Test func sessionInsightsListEveryRecordingOfTheCall() async throws {
        var configuration = SimulatorConfiguration()
        configuration.generator.callCount = 80
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let transfer = try #require(sim.simulator.calls.first { $0.allRecordings.count >= 2 })
            let result = try await sim.get(
                "/ai/ringsense/v1/public/accounts/~/domains/pbx/sessions/\(transfer.telephonySessionId)/insights?insightTypes=Transcript", token: token
            )
            #expect(result.status == 200)
            let records = try #require(result.json["records"]?.arrayValue)
            #expect(records.compactMap { $0["sourceRecordId"]?.stringValue } == transfer.allRecordings.map(\.id))
            #expect(Set(Self.keys(result.json["paging"])) == ["page", "perPage", "pageStart", "pageEnd", "totalElements", "sortableFields"])
            #expect(result.json["paging"]?["totalElements"]?.intValue == records.count)
            // The transferred leg's recording has the transfer target as its agent.
            let second = records[1]
            let agentName = second["speakerInfo"]?.arrayValue?.first?["name"]?.stringValue
            #expect(agentName == transfer.legs.first { $0.legType == "TransferCall" }?.to.name)
            #expect(second["speakerInfo"]?.arrayValue?.first?["speakerId"]?.stringValue?.hasSuffix("-3") == true)
        }
    }

    @Test func notReadyPollsStillWork() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1, durationSeconds: 90)
        configuration.ringSenseNotReadyPolls = 2
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let path = "\(Self.path)/5000/insights?insightTypes=Transcript,Summary"
            #expect(try await sim.get(path, token: token).status == 404)
            #expect(try await sim.get(path, token: token).status == 404)
            #expect(try await sim.get(path, token: token).status == 200)
        }
    }

    @Test func generatedRecordingsHaveConsistentInsightsAndAudio() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimitingEnabled = false
        configuration.generator.callCount = 40
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let recordings = sim.simulator.calls.flatMap(\.allRecordings)
            #expect(recordings.count >= 10)
            for recording in recordings.prefix(12) {
                let insights = try await sim.get("\(Self.path)/\(recording.id)/insights?insightTypes=Transcript", token: token)
                #expect(insights.status == 200)
                #expect(insights.json["recordingDurationMs"]?.intValue == recording.durationSeconds * 1000)
                for turn in insights.json["insights"]?["Transcript"]?.arrayValue ?? [] {
                    #expect((turn["end"]?.doubleValue ?? .infinity) <= Double(recording.durationSeconds))
                }
                let metadata = try await sim.get("/restapi/v1.0/account/~/recording/\(recording.id)", token: token)
                #expect(metadata.json["duration"]?.intValue == recording.durationSeconds)
            }
            for format in Set(recordings.map(\.format)) {
                let recording = try #require(recordings.first { $0.format == format })
                let metadata = try await sim.get("/restapi/v1.0/account/~/recording/\(recording.id)", token: token)
                let content = try await sim.get(try #require(metadata.json["contentUri"]?.stringValue), token: token)
                #expect(content.status == 200)
                #expect(content.header("Content-Type") == metadata.json["contentType"]?.stringValue)
                let perSecond = format == .wavMuLaw ? 8000 : 16000
                #expect(content.body.count >= recording.durationSeconds * perSecond)
                #expect(content.body.count <= recording.durationSeconds * perSecond + 64)
            }
        }
    }
}
