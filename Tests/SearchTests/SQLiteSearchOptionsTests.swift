import Testing
import Transcripts
@testable import SQLiteStore

/// The SQLite back end's own bound: the phone candidates, on the fixture.
@Suite("Search on SQLite: phone candidates")
struct SQLiteSearchOptionsTests {
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
