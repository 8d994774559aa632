import App
import Archive
import Essentials
import Foundation
import Pipeline
import SQLiteStore
import TestSupport
import Testing
import Transcripts

/// `CALLVAULT_REDACT=cards,ssn` through the composition root: what the transcript archiver
/// stores has the numbers masked in the sidecar (text and raw response) and the search index,
/// the sidecar says what was masked, and the audio is untouched.
@Suite("Transcript redaction in the pipeline")
struct RedactionPipelineTests {
    static let card = "4111 1111 1111 1111"
    static let ssn = "123-45-6789"

    @Test func cardsAndSocialSecurityNumbersReachNeitherTheSidecarNorTheIndex() async throws {
        try await withPipelineHarness(calls: [], now: 1_750_000_000_000, environment: ["CALLVAULT_REDACT": "cards,ssn"]) { h in
            let builder = ArchiveBuilder(backend: try await SQLiteBackend.open(path: h.app.configuration.databasePath), home: h.home.path)
            let archived = try await builder.add(recordingId: "red1", callStart: 1_749_000_000_000)
            let said = "my card is \(Self.card) and my social is \(Self.ssn)"
            let transcript = Transcript(
                source: .ai, versionMillis: 1_749_000_100_000, speakers: [],
                segments: [
                    TranscriptSegment(speakerId: nil, start: 0, end: 5, text: said),
                    TranscriptSegment(speakerId: nil, start: 5, end: 8, text: "thanks for the refund"),
                ])
            let stored = try await TranscriptArchiver(h.pipeline).store(
                recordingId: "red1", transcript: transcript, raw: .object(["transcript": .string(said)]))
            #expect(stored)

            let key = TranscriptSidecar.key(forAudioKey: archived.audio.relativePath)
            let sidecar = String(decoding: try Data(contentsOf: URL(fileURLWithPath: h.home.path + "/" + key)), as: UTF8.self)
            #expect(!sidecar.contains("4111") && !sidecar.contains("6789"), "\(sidecar)")
            #expect(sidecar.contains("[redacted card]") && sidecar.contains("[redacted ssn]"))
            let kept = try #require(try await h.app.transcripts.storedTranscript(recordingId: "red1"))
            #expect(kept.transcript.redactions == [TranscriptRedaction(kind: "card", count: 1), TranscriptRedaction(kind: "ssn", count: 1)])

            for text in ["4111", "6789", "1111"] {
                #expect(try await h.app.transcripts.search(SearchRequest(query: SearchQuery.parse(text))).total == 0, "\(text)")
            }
            #expect(try await h.app.transcripts.search(SearchRequest(query: SearchQuery.parse("refund"))).total == 1)

            let audio = try Data(contentsOf: URL(fileURLWithPath: h.home.path + "/" + archived.audio.relativePath))
            #expect(ArchiveBuilder.sha256([UInt8](audio)) == archived.audio.sha256)
        }
    }
}
