import Testing
import Transcripts
@testable import SQLiteStore

/// The SQLite back end's bounds: the ranking window and the phone candidates, on the fixture.
@Suite("Search on SQLite: ranking window and phone candidates")
struct SQLiteSearchOptionsTests {
    @Test func aQueryMatchingMoreThanTheWindowRanksTheNewestAndSaysTheTotalIsALowerBound() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        try await SQLiteSearchOptions.$rankingWindow.withValue(10) {
            let page = try await fixture.search("bulk", limit: 20)
            #expect(page.total == 10)
            #expect(!page.totalIsExact)
            // Segment ids follow call time, then order within the call: the newest ten are 20…29.
            #expect(Set(SearchFixture.names(page)) == Set((20..<30).map { "rF#\($0)" }))
            #expect(try await fixture.search("bulk", limit: 5, offset: 10).results.isEmpty)
            // Within the window, the count is exact.
            let narrow = try await fixture.search("refund")
            #expect(narrow.total == 4)
            #expect(narrow.totalIsExact)
        }
    }

    @Test func phoneFiltersAnswerTheSameAsRangesOrMatchByMatch() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        for phone in ["555-1212", "+44*", "0100", "+1650555010*", "1212", "+1 415 555 0199"] {
            for direction in [nil, "inbound"] {
                for from in [nil, "2025-03-11T00:00:00Z"] {
                    let ranges = try await fixture.search(SearchFixture.everything, from: from, phone: phone, direction: direction)
                    let perMatch = try await SQLiteSearchOptions.$candidateCalls.withValue(0) {
                        try await fixture.search(SearchFixture.everything, from: from, phone: phone, direction: direction)
                    }
                    #expect(ranges == perMatch, "\(phone) \(direction ?? "-") \(from ?? "-")")
                    #expect(ranges.total > 0 || phone == "+44*" || from != nil)
                }
            }
        }
    }
}
