import Foundation
import RingCentralSimulator
import Testing

/// A stand-in MP3 renderer: tags bytes so the test can see it was used.
struct FakeMP3Renderer: RecordingAudioRenderer {
    func render(recordingId: String, format: SimulatedAudioFormat, durationSeconds: Int) throws -> [UInt8] {
        [0xFF, 0xFB, 0x90, 0x64] + Array("fake-mp3-\(recordingId)-\(durationSeconds)".utf8)
    }
}

struct MediaTests {
    static func configuration(_ calls: [SimulatedCall]) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.calls = calls
        configuration.rateLimitingEnabled = false
        configuration.legacyWAVContentTypeFraction = 0
        return configuration
    }

    @Test func metadataAndFullContent() async throws {
        let calls = [SimulatedCall.recorded(id: "c1", recordingId: "7001", format: .wavPCM16, durationSeconds: 3)]
        try await withSimulator(Self.configuration(calls)) { sim in
            let token = try await sim.accessToken()
            let metadata = try await sim.get("/restapi/v1.0/account/~/recording/7001", token: token)
            #expect(metadata.status == 200)
            #expect(metadata.json["id"]?.stringValue == "7001")
            #expect(metadata.json["contentType"]?.stringValue == "audio/wav")
            #expect(metadata.json["duration"]?.intValue == 3)
            let contentUri = try #require(metadata.json["contentUri"]?.stringValue)
            #expect(contentUri.hasPrefix(sim.endpoints.mediaBaseURL))

            let content = try await sim.get(contentUri, token: token)
            #expect(content.status == 200)
            #expect(content.header("Content-Type") == "audio/wav")
            #expect(content.header("Accept-Ranges") == "bytes")
            #expect(content.header("Content-Length") == String(content.body.count))
            #expect(content.body.count == 44 + 3 * 8000 * 2)
            #expect(content.body.prefix(4) == Data("RIFF".utf8))
            let expected = try await sim.simulator.audioContent(recordingId: "7001")
            #expect(Array(content.body) == expected.bytes)

            let query = try await sim.get(contentUri + "?access_token=\(token)", token: nil)
            #expect(query.status == 200)
            #expect(query.body.count == content.body.count)

            let head = try await TestHTTP.send(contentUri, method: "HEAD", headers: ["Authorization": "Bearer \(token)"])
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(content.body.count))
            #expect(head.body.isEmpty)

            let missing = try await sim.get("/restapi/v1.0/account/~/recording/424242", token: token)
            #expect(missing.status == 404)
            #expect(missing.json["errorCode"]?.stringValue == "CMN-102")
        }
    }

    @Test func rangeRequests() async throws {
        let calls = [SimulatedCall.recorded(id: "c1", recordingId: "7002", format: .wavMuLaw, durationSeconds: 2)]
        try await withSimulator(Self.configuration(calls)) { sim in
            let token = try await sim.accessToken()
            let url = sim.contentURL("7002")
            let full = try await sim.get(url, token: token)
            let total = full.body.count
            let partial = try await sim.get(url, token: token, headers: ["Range": "bytes=100-199"])
            #expect(partial.status == 206)
            #expect(partial.header("Content-Range") == "bytes 100-199/\(total)")
            #expect(partial.body == full.body[100...199])
            let open = try await sim.get(url, token: token, headers: ["Range": "bytes=\(total - 10)-"])
            #expect(open.status == 206)
            #expect(open.body.count == 10)
            let suffix = try await sim.get(url, token: token, headers: ["Range": "bytes=-20"])
            #expect(suffix.body == full.body.suffix(20))
            let unsatisfiable = try await sim.get(url, token: token, headers: ["Range": "bytes=\(total + 5)-"])
            #expect(unsatisfiable.status == 416)
            #expect(unsatisfiable.header("Content-Range") == "bytes */\(total)")
            #expect(unsatisfiable.json["errorCode"]?.stringValue == "CMN-107")
        }
    }

    @Test func mp3FallsBackToWAVWithoutARendererAndUsesOneWhenGiven() async throws {
        let calls = [SimulatedCall.recorded(id: "c1", recordingId: "7003", format: .mp3, durationSeconds: 1)]
        try await withSimulator(Self.configuration(calls)) { sim in
            let token = try await sim.accessToken()
            let metadata = try await sim.get("/restapi/v1.0/account/~/recording/7003", token: token)
            #expect(metadata.json["contentType"]?.stringValue == "audio/wav")
            let content = try await sim.get(try #require(metadata.json["contentUri"]?.stringValue), token: token)
            #expect(content.header("Content-Type") == "audio/wav")
        }
        var configuration = Self.configuration(calls)
        configuration.mp3Renderer = FakeMP3Renderer()
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let metadata = try await sim.get("/restapi/v1.0/account/~/recording/7003", token: token)
            #expect(metadata.json["contentType"]?.stringValue == "audio/mpeg")
            let content = try await sim.get(try #require(metadata.json["contentUri"]?.stringValue), token: token)
            #expect(content.header("Content-Type") == "audio/mpeg")
            #expect(content.body.prefix(2) == Data([0xFF, 0xFB]))
        }
    }

    @Test func wavRendererIsDeterministicExactAndNotSilent() throws {
        let renderer = WAVRecordingRenderer()
        let a = try renderer.render(recordingId: "123", format: .wavPCM16, durationSeconds: 5)
        let b = try renderer.render(recordingId: "123", format: .wavPCM16, durationSeconds: 5)
        let c = try renderer.render(recordingId: "124", format: .wavPCM16, durationSeconds: 5)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 44 + 5 * 8000 * 2)
        let samples = WAVRecordingRenderer.synthesize(recordingId: "123", sampleCount: 40_000)
        let loud = samples.filter { abs(Int($0)) > 1000 }.count
        #expect(loud > 4000)
        let mulaw = try renderer.render(recordingId: "123", format: .wavMuLaw, durationSeconds: 5)
        #expect(mulaw.count == 58 + 5 * 8000)
        #expect(mulaw[20] == 7)
        #expect(throws: (any Error).self) { try renderer.render(recordingId: "1", format: .mp3, durationSeconds: 1) }
    }
}
