import Crypto
import Foundation
import JobQueue
import RingCentral
import RingCentralSimulator
import Testing

@Suite("RingCentral recording download")
struct MediaDownloadTests {
    static let window = (Date().addingTimeInterval(-86_400), Date().addingTimeInterval(60))

    static func configuration() -> SimulatorConfiguration {
        SimulatorConfiguration(
            rateLimitingEnabled: false,
            calls: [
                SimulatedCall.recorded(id: "call-1", recordingId: "9001", format: .wavMuLaw, durationSeconds: 20),
                SimulatedCall.recorded(id: "call-2", recordingId: "9002", format: .wavPCM16, durationSeconds: 12),
            ]
        )
    }

    static func contentUri(_ h: ClientHarness, _ id: String) async throws -> String {
        try await h.client().recordingMetadata(id).contentUri
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    @Test func contentUriIsUsedAsReturnedAndTheHashCoversTheBytes() async throws {
        try await withClientHarness(Self.configuration()) { h in
            try await h.unlimitOurBudgets()
            let uri = try await Self.contentUri(h, "9001")
            #expect(uri.hasPrefix(h.endpoints.mediaBaseURL))
            let path = h.directory.appendingPathComponent("9001.part").path
            let download = try await h.client().downloadRecording(contentUri: uri, to: path)
            let expected = try await h.simulator.audioContent(recordingId: "9001").bytes
            #expect(download.format == "wav")
            #expect(download.bytes == Int64(expected.count))
            #expect(download.sha256 == Self.sha256(expected))
            #expect(download.expectedBytes == Int64(expected.count))
        }
    }

    @Test func aRateLimitBodyWithStatus200PausesHeavyAndKeepsNothing() async throws {
        try await withClientHarness(Self.configuration()) { h in
            try await h.unlimitOurBudgets()
            let uri = try await Self.contentUri(h, "9001")
            h.simulator.inject(SimulatorFault(.okWithRateLimitBody, target: .content))
            let path = h.directory.appendingPathComponent("9001.part").path
            let error = await #expect(throws: RingCentralError.self) { _ = try await h.client().downloadRecording(contentUri: uri, to: path) }
            #expect(error?.code == .rateLimited)
            #expect(error?.errorCode == "CMN-301")
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try await h.queue.rateLimitStatus("ringcentral:heavy")?.pausedUntil != nil)
        }
    }

    @Test func anHTMLPageLabelledAudioIsNotAudio() async throws {
        try await withClientHarness(Self.configuration()) { h in
            try await h.unlimitOurBudgets()
            let uri = try await Self.contentUri(h, "9002")
            h.simulator.inject(SimulatorFault(.htmlErrorPageAsAudio, target: .content))
            let path = h.directory.appendingPathComponent("9002.part").path
            let error = await #expect(throws: RingCentralError.self) { _ = try await h.client().downloadRecording(contentUri: uri, to: path) }
            #expect(error?.code == .notAudio)
            #expect(error?.message.contains("HTML") == true)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test(arguments: [
        SimulatorFault.Kind.truncatedBody(fraction: 0.4), .connectionReset(afterBytes: 30_000),
    ])
    func aCutDownloadResumesToTheRightBytes(fault: SimulatorFault.Kind) async throws {
        try await withClientHarness(Self.configuration()) { h in
            try await h.unlimitOurBudgets()
            let uri = try await Self.contentUri(h, "9001")
            h.simulator.inject(SimulatorFault(fault, target: .content))
            let path = h.directory.appendingPathComponent("9001.part").path
            let client = h.client()
            let error = await #expect(throws: RingCentralError.self) { _ = try await client.downloadRecording(contentUri: uri, to: path) }
            #expect(error?.code == .transport)
            let download = try await client.downloadRecording(contentUri: uri, to: path)
            let expected = try await h.simulator.audioContent(recordingId: "9001").bytes
            #expect(download.resumedFrom > 0)
            #expect(download.sha256 == Self.sha256(expected))
        }
    }

    @Test func serverErrorsAndGoneRecordingsAreClassified() async throws {
        try await withClientHarness(Self.configuration()) { h in
            try await h.unlimitOurBudgets()
            let uri = try await Self.contentUri(h, "9002")
            let path = h.directory.appendingPathComponent("9002.part").path
            h.simulator.inject(SimulatorFault(.serverError(503), target: .content))
            let server = await #expect(throws: RingCentralError.self) { _ = try await h.client().downloadRecording(contentUri: uri, to: path) }
            #expect(server?.code == .serverError)
            #expect(server?.isTransient == true)
            h.simulator.inject(SimulatorFault(.notFound, target: .content))
            let gone = await #expect(throws: RingCentralError.self) { _ = try await h.client().downloadRecording(contentUri: uri, to: path) }
            #expect(gone?.code == .notFound)
            #expect(gone?.isTransient == false)
        }
    }
}
