import Testing
import Transcripts

/// Known answers on ``SearchFixture``, through `TranscriptCatalog` only.
@Suite("Search: known answers")
struct SearchCorrectnessTests {
    @Test func wordsPhrasesExclusionsAndOr() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        #expect(try await fixture.found("refund") == ["rA#1", "rA#2", "rB#2", "rD#0"])
        #expect(try await fixture.found("REFUND order") == ["rA#1"])
        #expect(try await fixture.found(#""refund policy""#) == ["rA#2"])
        #expect(try await fixture.found(#""policy refund""#) == [])
        #expect(try await fixture.found("refund -policy") == ["rA#1", "rB#2", "rD#0"])
        #expect(try await fixture.found(#"refund -"refund policy""#) == ["rA#1", "rB#2", "rD#0"])
        #expect(try await fixture.found(#"refund -"policy refund""#) == ["rA#1", "rA#2", "rB#2", "rD#0"])
        #expect(try await fixture.found("warranty OR subscription") == ["rB#2", "rB#3"])
        #expect(try await fixture.found("warranty OR subscription cancel") == ["rB#3"])
        #expect(try await fixture.found("warranty OR nothingatall") == ["rB#2"])
        #expect(try await fixture.found("nothingatall") == [])
    }

    @Test func prefixes() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        #expect(try await fixture.found("card*") == ["rC#0", "rC#1", "rC#2"])
        #expect(try await fixture.found("card") == ["rC#0", "rC#1"])
        #expect(try await fixture.found("subscr*") == ["rB#3"])
        #expect(try await fixture.found(#""refund pol"*"#) == ["rA#2"])
        #expect(try await fixture.found("refund -pol*") == ["rA#1", "rB#2", "rD#0"])
    }

    @Test func accentsCaseAndPunctuationFold() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        for text in ["cafe", "café", "CAFÉ", "cafe\u{301}", "Café!"] {
            #expect(try await fixture.found(text) == ["rB#0"], "\(text)")
        }
        for text in ["creme brulee", #""crème brûlée""#, "cre\u{300}me bru\u{302}le\u{301}e", "brûlée-machine"] {
            #expect(try await fixture.found(text) == ["rB#1"], "\(text)")
        }
        #expect(try await fixture.found("jose") == ["rB#0"])
        #expect(try await fixture.found("don't") == ["rC#1"])
        #expect(try await fixture.found("e-mail") == ["rA#3"])
        #expect(try await fixture.found("dont") == [])
        #expect(try await fixture.found("4242") == ["rC#2"])
    }

    @Test func speakers() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        #expect(try await fixture.found("refund", speaker: "agent") == ["rA#2", "rB#2"])
        #expect(try await fixture.found("refund", speaker: "Customer") == ["rA#1"])
        #expect(try await fixture.found("card*", speaker: "grace") == ["rC#0", "rC#2"])
        #expect(try await fixture.found("card*", speaker: "Kim Grace") == ["rC#0", "rC#2"])
        #expect(try await fixture.found("refund", speaker: "Núñez") == ["rB#2"])
        #expect(try await fixture.found("refund", speaker: "nunez") == ["rB#2"])
        #expect(try await fixture.found("refund", speaker: "maría") == ["rA#1"])
        #expect(try await fixture.found("alpha", speaker: "Maria Lopez") == ["rE#1"])
        #expect(try await fixture.found("refund", speaker: "Grace Smith") == [])
        // A speaker whose role is unknown is neither agent nor customer.
        #expect(try await fixture.found("processed", speaker: "agent") == [])
        #expect(try await fixture.found("processed", speaker: "customer") == [])
        #expect(try await fixture.found("processed") == ["rD#0"])
        let error = await #expect(throws: TranscriptError.self) { try await fixture.search("refund", speaker: "!!") }
        #expect(error?.code == .invalidQuery)
    }

    @Test func phoneNumbersWrittenAnyWayWholeOrInPart() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        let all: Set = ["rA", "rB", "rC", "rD", "rE", "rF"]
        #expect(try await fixture.recordings(SearchFixture.everything) == all)
        let expectations: [(String, Set<String>)] = [
            ("+1 650 555 1212", ["rA", "rE"]),  // from on one call, to on the other
            ("+1 (650) 555-1212", ["rA", "rE"]),
            ("001 650 555 1212", ["rA", "rE"]),
            ("(650) 555-1212", ["rA", "rE"]),
            ("650.555.1212", ["rA", "rE"]),
            ("16505551212", ["rA", "rE"]),
            ("555-1212", ["rA", "rE"]),
            ("1212", ["rA", "rE"]),
            ("+44 20 7946 0958", ["rB"]),
            ("020 7946 0958", ["rB"]),
            ("7946 0958", ["rB"]),
            ("+44*", ["rB"]),
            ("+33 1 42 68 53 00", ["rF"]),
            ("01 42 68 53 00", ["rF"]),
            ("+1650555010*", ["rA", "rB", "rC", "rD", "rE", "rF"]),
            ("555 0100", ["rA", "rB", "rC", "rD"]),
            ("0100", ["rA", "rB", "rC", "rD"]),
            ("+1 415 555 0199", ["rD"]),
            ("+1 650 555 1213", []),
            ("+1 650", []),  // a whole number, not a prefix
            ("99999999999999999999999999", []),
        ]
        for (phone, expected) in expectations {
            #expect(try await fixture.recordings(SearchFixture.everything, phone: phone) == expected, "\(phone)")
        }
        #expect(try await fixture.recordings("refund", phone: "555-1212", direction: "outbound") == [])
        #expect(try await fixture.recordings("alpha", phone: "555-1212", direction: "outbound") == ["rE"])
        let error = await #expect(throws: TranscriptError.self) { try await fixture.search("refund", phone: "call me") }
        #expect(error?.code == .invalidQuery)
    }

    @Test func callTimesAreInclusiveFromExclusiveTo() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        let query = SearchFixture.everything
        #expect(try await fixture.recordings(query, from: "2025-03-11T00:00:00Z") == ["rB", "rC", "rD"])
        #expect(try await fixture.recordings(query, to: "2025-03-12T00:00:00Z") == ["rA", "rB", "rE", "rF"])
        #expect(try await fixture.recordings(query, from: "2025-03-12T00:00:00Z") == ["rC", "rD"])
        #expect(try await fixture.recordings(query, from: "2025-03-12T00:00:00Z", to: "2025-03-12T23:59:59.999Z") == ["rC"])
        #expect(try await fixture.recordings(query, from: "2025-03-12T00:00:00Z", to: "2025-03-13T00:00:00Z") == ["rC", "rD"])
        #expect(try await fixture.recordings(query, from: "2025-03-12T23:59:59.999Z") == ["rD"])
        #expect(try await fixture.recordings(query, from: "2025-03-12T23:59:59.500Z", to: "2025-03-13T00:00:00.001Z") == ["rD"])
        #expect(try await fixture.recordings(query, from: "2025-03-12T00:00:00.001Z", to: "2025-03-12T23:59:59.999Z") == [])
        #expect(try await fixture.recordings(query, from: "2025-03-13T00:00:00Z", to: "2025-03-01T00:00:00Z") == [])
        #expect(try await fixture.recordings(query, to: "1970-01-01T00:00:00Z") == [])
        #expect(try await fixture.recordings(query, from: "2025-03-10T00:00:00Z", to: "2025-03-11T00:00:00Z") == ["rA"])
        // With a phone number too: its calls, within the dates.
        #expect(try await fixture.recordings(query, from: "2025-03-01T00:00:00Z", phone: "555-1212") == ["rA"])
    }

    @Test func oneRecordingAndDirection() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        #expect(try await fixture.found("refund", recording: "rB") == ["rB#2"])
        #expect(try await fixture.found("refund", recording: "nope") == [])
        #expect(try await fixture.found("refund", phone: "555-1212", recording: "rB") == [])
        #expect(try await fixture.found("refund", phone: "555-1212", recording: "rA") == ["rA#1", "rA#2"])
        #expect(try await fixture.found("refund", direction: "outbound") == ["rB#2"])
        #expect(try await fixture.found("refund", direction: "INBOUND") == ["rA#1", "rA#2", "rD#0"])
        #expect(try await fixture.found("refund", direction: "Inbound", recording: "rB") == [])
        let error = await #expect(throws: TranscriptError.self) { try await fixture.search("refund", direction: "sideways") }
        #expect(error?.code == .invalidQuery)
    }

    @Test func pagingAndTotal() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        var seen: [String] = []
        for offset in [0, 10, 20, 30] {
            let page = try await fixture.search("bulk", limit: 10, offset: offset)
            #expect(page.total == 30)
            #expect(page.totalIsExact)
            #expect(page.results.count == (offset < 30 ? 10 : 0))
            seen += SearchFixture.names(page)
        }
        #expect(seen.count == 30)
        #expect(Set(seen) == Set((0..<30).map { "rF#\($0)" }))
        let counted = try await fixture.search("bulk", limit: 0)
        #expect(counted.total == 30)
        #expect(counted.results.isEmpty)
        // The same page twice is the same (ties broken the same way).
        #expect(try await fixture.search("bulk", limit: 7, offset: 3) == fixture.search("bulk", limit: 7, offset: 3))
        let none = try await fixture.search("nothingatall")
        #expect(none.total == 0)
        #expect(none.results.isEmpty)
    }

    @Test func rankingFollowsBM25() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        // Same length, the word twice beats once.
        #expect(SearchFixture.names(try await fixture.search("alpha")) == ["rE#1", "rE#0"])
        // A rare word weighs more than a common one.
        let either = try await fixture.search("yankee OR bulk", limit: 5)
        #expect(either.total == 32)
        #expect(Set(SearchFixture.names(either).prefix(2)) == ["rE#2", "rE#3"])
        // The shorter segment wins when the word is there once in both.
        #expect(SearchFixture.names(try await fixture.search("yankee")) == ["rE#2", "rE#3"])
        let scores = try await fixture.search("refund").results.map(\.score)
        #expect(scores == scores.sorted(by: >))
        #expect(scores.allSatisfy { $0 > 0 })
    }

    @Test func hitsCarryTheCallTheSpeakerAndAHighlightedSnippet() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        let hit = try #require(try await fixture.search("order refund").results.first)
        #expect(hit.recordingId == "rA")
        #expect(hit.callStart == "2025-03-10T09:00:00.000Z")
        #expect(hit.direction == "Inbound")
        #expect(hit.from == "+16505551212")
        #expect(hit.to == "+16505550100")
        #expect(hit.speaker == "María López")
        #expect(hit.start == 10)
        #expect(hit.end == 15)
        #expect(hit.snippet == "I need a «refund» for my «order», the «refund» never arrived.")
        // Guillemets in the text become plain quotes, so the markers are unambiguous.
        let brulee = try #require(try await fixture.search("brulee").results.first)
        #expect(brulee.snippet == "Bonjour! \"La crème «brûlée»\" machine is broken.")
        #expect(brulee.speaker == "Tom Becker")
        let unknown = try #require(try await fixture.search("processed").results.first)
        #expect(unknown.speaker == nil)
        let agent = try #require(try await fixture.search("accepted").results.first)
        #expect(agent.speaker == "Grace Kim")
        let anonymous = try #require(try await fixture.search("another").results.first)
        #expect(anonymous.speaker == "customer")
    }

    @Test func queriesThatAskForNothingAreInvalid() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        for text in ["", "   ", "-refund", "!!!", "OR", "\"\"", "😀", "\0", "-\"refund policy\""] {
            let error = await #expect(throws: TranscriptError.self) { try await fixture.search(text) }
            #expect(error?.code == .invalidQuery, "\(text)")
        }
    }

    @Test func aNewVersionReplacesTheIndexedWords() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        var call = SearchFixture.calls[1]
        call.lines = [("a", "Your guarantee covers a replacement.")]
        try await fixture.store(call, version: 2)
        #expect(try await fixture.found("warranty") == [])
        #expect(try await fixture.found("subscription") == [])
        #expect(try await fixture.found("guarantee", speaker: "agent") == ["rB#0"])
        #expect(try await fixture.found("replacement") == ["rB#0"])
        #expect(try await fixture.found("refund") == ["rA#1", "rA#2", "rD#0"])
    }
}
