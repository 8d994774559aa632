import Compliance
import Essentials
import Foundation
import SQLiteStore
import Testing
import TestSupport
import Transcripts

/// Deleted words must not be recoverable from the database's files: every byte of
/// `callvault.sqlite` and `callvault.sqlite-wal` is read after an erasure.
@Suite("Erased text leaves the database file")
struct IndexErasureTests {
    static let secret = "Zanzibarquux"

    /// Every byte of the database file and its log.
    static func files(_ path: String) -> [(String, Data)] {
        [path, path + "-wal", path + "-journal"].compactMap { file in
            FileManager.default.contents(atPath: file).map { ((file as NSString).lastPathComponent, $0) }
        }
    }

    static func contains(_ data: Data, _ word: String) -> Bool {
        data.range(of: Data(word.utf8)) != nil || data.range(of: Data(word.lowercased().utf8)) != nil
    }

    @Test func anErasedTranscriptsWordsAndNumbersAreGoneFromEveryPage() async throws {
        let fixture = try await ComplianceFixture.make()
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        // Enough text that the index has several segments and pages.
        for index in 0..<40 {
            try await fixture.builder.add(
                recordingId: "keep\(index)", callStart: now - Int64(index) * 60_000, from: "+14155550\(100 + index)",
                lines: ["ordinary words about billing number \(index)", "the refund arrives next week \(index)"])
        }
        try await fixture.builder.add(
            recordingId: "gone", callStart: now - 3_600_000, from: "+19175550123",
            lines: ["my password is \(Self.secret) really", "\(Self.secret) again, once more \(Self.secret)"])
        let search = try await fixture.sqlite.catalog.search(SearchRequest(query: SearchQuery.parse(Self.secret)))
        #expect(search.total == 2)
        let path = fixture.backend.databasePath
        #expect(Self.files(path).contains { Self.contains($0.1, Self.secret) }, "the test must see the word before erasure")

        let eraser = fixture.eraser()
        let report = try await eraser.execute(try await eraser.planErasure(phone: "917 555 0123"), actor: "test")
        #expect(report.recordings == ["gone"])
        let index = try #require(report.index)
        #expect(index.checkpointComplete)

        for (name, bytes) in Self.files(path) {
            #expect(!Self.contains(bytes, Self.secret), "\(name) still holds the erased word")
            #expect(!Self.contains(bytes, "19175550123"), "\(name) still holds the erased number")
            #expect(!Self.contains(bytes, "call-gone"), "\(name) still holds the erased call's id")
        }
        #expect(try await fixture.sqlite.catalog.search(SearchRequest(query: SearchQuery.parse(Self.secret))).total == 0)
        #expect(try await fixture.sqlite.catalog.search(SearchRequest(query: SearchQuery.parse("refund"))).total == 40)
        #expect(index.pageSize > 0 && index.pagesAfter > 0)
    }
}
