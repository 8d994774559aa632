import Essentials
import Testing
import Transcripts

/// Whatever a person (or a script) types, a search either answers or says the query asks for
/// nothing: never an SQL or full-text syntax error.
@Suite("Search: hostile input")
struct SearchFuzzTests {
    /// Pieces of search syntax, SQL, and awkward Unicode that random queries are built from.
    static let pieces: [String] = [
        "refund", "card", "café", "bulk", "alpha", "the", "OR", "AND", "NOT", "or", "NEAR", "NEAR(", "NEAR/3", "near",
        "\"", "“", "”", "„", "'", "`", ":", "text:", "text :", "speaker_name:", "speaker_role :", "{text speaker_name}:",
        "transcript_fts", "rank", "rowid", "bm25(", "(", ")", "{", "}", "[", "]", "^", "*", "**", "+", "-", "--", "-\"",
        "\"*", "*\"", "\"\"", ";", "/*", "*/", "%", "_", "\\", "\\\"", "'; DROP TABLE calls; --", "' OR 1=1 --", "?", "?1",
        ":name", "@x", "$x", "\0", "\u{1}", "\u{2}", "\u{3}", " ", "  ", "\t", "\n", "\r\n", "e\u{301}", "\u{301}",
        "\u{301}\u{302}\u{303}", "😀", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "مرحبا", "العربية", "שלום", "\u{200F}", "\u{202E}", "\u{202C}",
        "\u{200D}", "\u{200B}", "\u{FEFF}", "\u{AD}", "退款", "ß", "İ", "ǅ", "½", "٣٤", "x²", "\u{19B0}", "\u{1CF2}", "0",
        "1212", "+1", "00", "(650)", "555-1212", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{E000}", "«", "»", "a", "z*",
    ]

    static func randomScalar(_ generator: inout SeededGenerator) -> String {
        while true {
            let value = UInt32(generator.next() % 0x11_0000)
            if let scalar = Unicode.Scalar(value) { return String(Character(scalar)) }
        }
    }

    static func randomText(_ generator: inout SeededGenerator, pieces count: Int) -> String {
        var text = ""
        for _ in 0..<count {
            text += generator.chance(0.15) ? randomScalar(&generator) : pieces[Int(generator.next() % UInt64(pieces.count))]
            if generator.chance(0.5) { text += " " }
        }
        return text
    }

    static func pick<T>(_ values: [T], _ generator: inout SeededGenerator) -> T {
        values[Int(generator.next() % UInt64(values.count))]
    }

    @Test func thousandsOfRandomQueriesAndFiltersNeverFail() async throws {
        let fixture = try await SearchFixture.make()
        defer { fixture.remove() }
        var generator = SeededGenerator(seed: 0x5EA4C4)
        var answered = 0
        var askedForNothing = 0
        var failures: [String] = []
        let times: [Int64?] = [
            nil, nil, nil, 0, -1, 1, .min, .max, .max - 1, 1_741_737_600_000, 1_741_737_600_500, 1_741_823_999_999,
            1_700_000_000_000,
        ]
        for iteration in 0..<4_000 {
            var text = Self.randomText(&generator, pieces: Int(generator.next() % 16))
            if iteration % 400 == 7 { text = String(repeating: text + " refund \"(", count: 2_000) }  // very long
            let request = SearchRequest(
                query: SearchQuery.parse(text),
                fromMillis: Self.pick(times, &generator), toMillis: Self.pick(times, &generator),
                phone: generator.chance(0.15) ? Self.pick(["555-1212", "+44*", "(650)", "00", "+1 650 555 1212", text], &generator) : nil,
                speaker: generator.chance(0.15) ? Self.pick(["agent", "customer", "Grace", "núñez", text], &generator) : nil,
                direction: generator.chance(0.1) ? Self.pick(["inbound", "OUTBOUND", "Inbound"], &generator) : nil,
                recordingId: generator.chance(0.1) ? Self.pick(["rA", "rB", "nope", "'", text], &generator) : nil,
                limit: Self.pick([20, 20, 1, 0, -5, 1_000, 5_000, .max], &generator),
                offset: Self.pick([0, 0, 0, 3, -1, 1_000, .max], &generator))
            do {
                let results = try await fixture.transcripts.search(request)
                answered += 1
                if results.results.count > max(0, min(request.limit, 1_000)) { failures.append("too many hits for \(text.debugDescription)") }
                if results.total < results.results.count { failures.append("total below the page for \(text.debugDescription)") }
                for hit in results.results {
                    let opens = hit.snippet.filter { $0 == SearchHit.markStart }.count
                    let closes = hit.snippet.filter { $0 == SearchHit.markEnd }.count
                    if opens != closes { failures.append("unbalanced snippet \(hit.snippet.debugDescription)") }
                }
            } catch let error as TranscriptError where error.code == .invalidQuery {
                askedForNothing += 1
            } catch {
                failures.append("\(text.debugDescription): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(5))")
        #expect(answered > 1_000)
        #expect(askedForNothing > 100)
    }

    @Test func randomTextParsesIntoSafeTerms() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            let text = Self.randomText(&generator, pieces: Int(generator.next() % 24))
            let query = SearchQuery.parse(text)
            let terms = query.clauses.flatMap { $0 } + query.excluded
            #expect(terms.count <= SearchQuery.maximumTerms)
            for term in terms {
                #expect(!term.tokens.isEmpty && term.tokens.count <= SearchQuery.maximumPhraseTokens)
                for token in term.tokens {
                    #expect(!token.isEmpty)
                    #expect(
                        !token.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "\"" || $0 == "*" || $0 == "\0" },
                        "\(token.debugDescription) from \(text.debugDescription)")
                    #expect(SearchQuery.startsToken(token.unicodeScalars.first!))
                }
            }
            #expect(query.isEmpty == query.clauses.isEmpty)
        }
    }
}
