import Testing
import TestSupport
import Transcripts

/// The ranking window on both engines: a word matching more segments than the window ranks the
/// newest and says its total is a lower bound; within the window the count is exact.
@Suite("Search: ranking window")
struct SearchWindowTests {
    @Test(arguments: BackendKind.all)
    func aQueryMatchingMoreThanTheWindowRanksTheNewestAndSaysTheTotalIsALowerBound(_ kind: BackendKind) async throws {
        let fixture = try await SearchFixture.make(kind)
        defer { fixture.remove() }
        try await SearchOptions.$rankingWindow.withValue(10) {
            let page = try await fixture.search("bulk", limit: 20)
            #expect(page.total == 10)
            #expect(!page.totalIsExact)
            // Newest first means the latest call, then the latest segments in it: 20…29.
            #expect(Set(SearchFixture.names(page)) == Set((20..<30).map { "rF#\($0)" }))
            #expect(try await fixture.search("bulk", limit: 5, offset: 10).results.isEmpty)
            // Within the window, the count is exact.
            let narrow = try await fixture.search("refund")
            #expect(narrow.total == 4)
            #expect(narrow.totalIsExact)
        }
        // With the default window everything is counted.
        let all = try await fixture.search("bulk", limit: 20)
        #expect(all.total == 30)
        #expect(all.totalIsExact)
        #expect(all.results.count == 20)
    }
}
