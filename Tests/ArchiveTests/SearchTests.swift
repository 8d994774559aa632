import Foundation
import TestSupport
import Testing
import Transcripts
@testable import Archive

/// One fixture of transcripts searched on every back end: the same queries find the same
/// segments (a hit is a recording and a segment start). Ranking may differ between engines (FTS5's
/// BM25 and PostgreSQL's `ts_rank`), so hits are compared as sets; only the order of a query whose
/// hits are in one segment each is not compared.
@Suite struct SearchTests {
    static let start: Int64 = 1_736_159_400_000

    /// Three calls with transcripts: accents, compound words, apostrophes, prefixes and phrases.
    static func fill(_ fixture: ArchiveFixture) async throws -> any TranscriptCatalog {
        let catalog = fixture.catalog
        let transcripts = try #require(catalog as? any TranscriptCatalog)
        let calls: [(String, Int64, String, String, String, [(Bool, String)])] = [
            ("1", start, "Inbound", "+15551230001", "+15551230002", [
                (true, "Thank you for calling, how can I help?"),
                (false, "I want a refund for my order."),
                (true, "The refund policy allows returns within thirty days."),
            ]),
            ("2", start + 3_600_000, "Outbound", "+442071234567", "+15559876543", [
                (true, "Café Núñez called about the e-mail invoice."),
                (false, "Please don't send another e-mail."),
            ]),
            ("3", start + 7_200_000, "Inbound", "+15557654321", "+15551230002", [
                (false, "Refunding takes time; refunds are slow."),
                (true, "I understand. Policy says seven days."),
            ]),
        ]
        for (id, start, direction, from, to, lines) in calls {
            var call = TestAudio.call(id: "c" + id, start: start)
            call.direction = direction
            call.fromNumber = from
            call.toNumber = to
            _ = try await catalog.upsertCall(call)
            _ = try await catalog.upsertRecording(TestAudio.recording(id: "r" + id, callId: "c" + id))
            let segments = lines.enumerated().map { index, line in
                TranscriptSegment(speakerId: line.0 ? "a" : "b", start: Double(index * 5), end: Double(index * 5 + 4), text: line.1)
            }
            let transcript = Transcript(
                source: .ringsense, versionMillis: start, language: "en-US",
                speakers: [TranscriptSpeaker(id: "a", name: "Alice Agent", isInternal: true), TranscriptSpeaker(id: "b", isInternal: false)],
                segments: segments)
            #expect(
                try await transcripts.replaceTranscript(
                    recordingId: "r" + id, transcript: transcript,
                    file: TranscriptFile(relativePath: "recordings/r\(id).transcript.json", bytes: 1, sha256: "00")))
        }
        return transcripts
    }

    /// The hits of a query as `recording@start` strings, sorted.
    static func hits(_ transcripts: any TranscriptCatalog, _ text: String, configure: (inout SearchRequest) -> Void = { _ in })
        async throws -> [String]
    {
        var request = SearchRequest(query: SearchQuery.parse(text), limit: 100)
        configure(&request)
        let results = try await transcripts.search(request)
        #expect(results.total == results.results.count)
        return results.results.map { "\($0.recordingId)@\(Int($0.start))" }.sorted()
    }

    @Test(arguments: BackendKind.all) func theSameQueriesFindTheSameSegments(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let t = try await Self.fill(fixture)
        #expect(try await Self.hits(t, "refund") == ["r1@10", "r1@5"])
        #expect(try await Self.hits(t, "REFUND*") == ["r1@10", "r1@5", "r3@0"])
        #expect(try await Self.hits(t, "\"refund policy\"") == ["r1@10"])
        #expect(try await Self.hits(t, "\"policy refund\"") == [])
        #expect(try await Self.hits(t, "refund -policy") == ["r1@5"])
        #expect(try await Self.hits(t, "refund OR policy") == ["r1@10", "r1@5", "r3@5"])
        #expect(try await Self.hits(t, "cafe nunez") == ["r2@0"])
        #expect(try await Self.hits(t, "Núñez") == ["r2@0"])
        #expect(try await Self.hits(t, "e-mail") == ["r2@0", "r2@5"])
        #expect(try await Self.hits(t, "\"don't\"") == ["r2@5"])
        #expect(try await Self.hits(t, "days") == ["r1@10", "r3@5"])
        #expect(try await Self.hits(t, "nothing-like-this") == [])
    }

    @Test(arguments: BackendKind.all) func filtersNarrowTheHits(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let t = try await Self.fill(fixture)
        // Partial phone numbers, however written, on either side of the call.
        #expect(try await Self.hits(t, "refund*") { $0.phone = "123-0001" } == ["r1@10", "r1@5"])
        #expect(try await Self.hits(t, "refund*") { $0.phone = "1230002" } == ["r1@10", "r1@5", "r3@0"])
        #expect(try await Self.hits(t, "e-mail") { $0.phone = "00 44 20 7123" } == ["r2@0", "r2@5"])
        #expect(try await Self.hits(t, "refund*") { $0.phone = "99" } == [])
        #expect(try await Self.hits(t, "refund*") { $0.speaker = "agent" } == ["r1@10"])
        #expect(try await Self.hits(t, "refund*") { $0.speaker = "customer" } == ["r1@5", "r3@0"])
        #expect(try await Self.hits(t, "called") { $0.speaker = "alice" } == ["r2@0"])
        #expect(try await Self.hits(t, "refund*") { $0.direction = "outbound" } == [])
        #expect(try await Self.hits(t, "days") { $0.fromMillis = Self.start + 1 } == ["r3@5"])
        #expect(try await Self.hits(t, "days") { $0.toMillis = Self.start + 1 } == ["r1@10"])
        #expect(try await Self.hits(t, "days") { $0.recordingId = "r3" } == ["r3@5"])
    }

    @Test(arguments: BackendKind.all) func pagesCountEveryHitAndSnippetsMarkTheWords(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let t = try await Self.fill(fixture)
        let page = try await t.search(SearchRequest(query: SearchQuery.parse("refund*"), limit: 2, offset: 1))
        #expect(page.total == 3)
        #expect(page.results.count == 2)
        let all = try await t.search(SearchRequest(query: SearchQuery.parse("policy")))
        #expect(all.results.count == 2)
        for hit in all.results {
            #expect(hit.snippet.lowercased().contains("\(SearchHit.markStart)policy\(SearchHit.markEnd)"))
        }
        let first = try #require(all.results.first { $0.recordingId == "r1" })
        #expect(first.callStart.hasPrefix("2025-01-06"))
        #expect(first.from == "+15551230001")
        #expect(first.speaker == "Alice Agent")
        await #expect(throws: TranscriptError.self) { _ = try await t.search(SearchRequest(query: SearchQuery.parse("-refund"))) }
        await #expect(throws: TranscriptError.self) { _ = try await t.search(SearchRequest(query: SearchQuery.parse("..."))) }
    }
}
