import Foundation
import Logging
import RingCentralSimulator
import Testing

struct MediaHostTests {
    @Test func contentIsServedOnlyByTheMediaListener() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1)
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let metadata = try await sim.get("/restapi/v1.0/account/~/recording/5000", token: token)
            let contentUri = try #require(metadata.json["contentUri"]?.stringValue)
            #expect(contentUri == sim.contentURL("5000"))
            #expect(URLComponents(string: contentUri)?.port == sim.endpoints.mediaPort)
            #expect(try await sim.get(contentUri, token: token).status == 200)

            // A client that rebuilds the media URL from the platform URL gets nothing.
            let rebuilt = sim.platform + (URLComponents(string: contentUri)?.path ?? "")
            let wrong = try await sim.get(rebuilt, token: token)
            #expect(wrong.status == 404)
            #expect(wrong.json["errorCode"] != nil)
            #expect(sim.simulator.stats().routes["recording.content.platformHost"] == 1)
            // And the media host serves no API.
            #expect(try await sim.get(sim.media + "/restapi/v1.0/account/~/call-log", token: token).status == 404)
            #expect(try await sim.get(sim.media + "/restapi/v1.0/account/~/recording/5000", token: token).status == 404)
        }
    }

    @Test func aClashOnTheMediaPortIsReported() async throws {
        try await withSimulator { sim in
            var configuration = SimulatorConfiguration()
            configuration.mediaPort = sim.endpoints.mediaPort
            var logger = Logger(label: "clash")
            logger.logLevel = .critical
            let clash = RingCentralSimulator(configuration: configuration, logger: logger)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await clash.run() }
                await #expect(throws: (any Error).self) { _ = try await clash.endpoints() }
                group.cancelAll()
            }
        }
    }

    @Test func someWAVRecordingsAreLabelledXWav() async throws {
        let end = Date()
        let calls: [SimulatedCall] = (0..<30).map { index in
            let format: SimulatedAudioFormat = index % 3 == 0 ? .wavMuLaw : (index % 3 == 1 ? .wavPCM16 : .mp3)
            return .recorded(
                id: "c\(index)", recordingId: String(40_000 + index), format: format, durationSeconds: 1,
                startTime: end.addingTimeInterval(-Double(60 + index * 60))
            )
        }
        var configuration = SimulatorConfiguration()
        configuration.calls = calls
        configuration.mp3Renderer = FakeMP3Renderer()
        configuration.legacyWAVContentTypeFraction = 0.5
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            var seen: [SimulatedAudioFormat: Set<String>] = [:]
            for call in calls {
                let recording = try #require(call.recording)
                let metadata = try await sim.get("/restapi/v1.0/account/~/recording/\(recording.id)", token: token)
                let content = try await sim.get(sim.contentURL(recording.id), token: token)
                let type = try #require(content.header("Content-Type"))
                #expect(metadata.json["contentType"]?.stringValue == type)
                #expect(try await sim.simulator.audioContent(recordingId: recording.id).contentType == type)
                seen[recording.format, default: []].insert(type)
            }
            #expect(seen[.mp3] == ["audio/mpeg"])
            #expect(seen[.wavPCM16, default: []].union(seen[.wavMuLaw, default: []]) == ["audio/wav", "audio/x-wav"])
        }
        configuration.legacyWAVContentTypeFraction = 0
        let plain = RingCentralSimulator(configuration: configuration)
        for call in calls where call.recording?.format.isWAV == true {
            let type = try await plain.audioContent(recordingId: call.recording!.id).contentType
            #expect(type == "audio/wav")
        }
    }

    @Test func recordingsShorterThanTheirCallsAreShownFaithfully() async throws {
        var configuration = SimulatorConfiguration()
        configuration.generator.callCount = 120
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let page = try await sim.get("/restapi/v1.0/account/~/call-log?perPage=max&view=Detailed&recordingType=All", token: token)
            let records = try #require(page.json["records"]?.arrayValue)
            var shorterOnDemand = 0
            var transferLegs = 0
            for record in records {
                let callSeconds = record["duration"]?.intValue ?? 0
                for leg in record["legs"]?.arrayValue ?? [] {
                    guard let id = leg["recording"]?["id"]?.stringValue else { continue }
                    let metadata = try await sim.get("/restapi/v1.0/account/~/recording/\(id)", token: token)
                    let recordingSeconds = try #require(metadata.json["duration"]?.intValue)
                    let legSeconds = leg["duration"]?.intValue ?? -1
                    #expect(recordingSeconds <= legSeconds, "recording \(id)")
                    #expect(legSeconds <= callSeconds)
                    if leg["recording"]?["type"]?.stringValue == "OnDemand", recordingSeconds < legSeconds { shorterOnDemand += 1 }
                    if leg["legType"]?.stringValue == "TransferCall" {
                        #expect(recordingSeconds == legSeconds)
                        #expect(recordingSeconds < callSeconds)
                        transferLegs += 1
                    }
                }
            }
            #expect(shorterOnDemand >= 2)
            #expect(transferLegs >= 2)
        }
    }
}
