import Foundation
import Testing
import Transcripts

@Suite("Search query: what a person types")
struct SearchQueryParseTests {
    typealias Term = SearchQuery.Term

    static func word(_ token: String) -> Term { .phrase([token]) }

    @Test func wordsAreLowerCasedAndAllRequired() {
        let query = SearchQuery.parse("  Refund  CARD\tpolicy\n")
        #expect(query.clauses == [[Self.word("refund")], [Self.word("card")], [Self.word("policy")]])
        #expect(query.excluded.isEmpty)
        #expect(!query.isEmpty)
    }

    @Test func quotedPhrasesKeepTheirOrder() {
        #expect(SearchQuery.parse(#""Cancel my subscription""#).clauses == [[.phrase(["cancel", "my", "subscription"])]])
        // Typographic quotes, as phones and word processors type them.
        #expect(SearchQuery.parse("“cancel my” „plan”").clauses == [[.phrase(["cancel", "my"])], [Self.word("plan")]])
        // An unclosed quote runs to the end; quotes around nothing are ignored.
        #expect(SearchQuery.parse(#"refund "late fee"#).clauses == [[Self.word("refund")], [.phrase(["late", "fee"])]])
        #expect(SearchQuery.parse(#"refund "" "!!" ""#).clauses == [[Self.word("refund")]])
        // A quote inside a word ends the word.
        #expect(SearchQuery.parse(#"late"fee now""#).clauses == [[Self.word("late")], [.phrase(["fee", "now"])]])
    }

    @Test func exclusions() {
        let query = SearchQuery.parse(#"refund -spam -"do not call" -pro* - --twice"#)
        #expect(query.clauses == [[Self.word("refund")]])
        #expect(query.excluded == [Self.word("spam"), .phrase(["do", "not", "call"]), .prefix(["pro"]), Self.word("twice")])
        // Only exclusions ask for nothing.
        #expect(SearchQuery.parse("-refund -card").isEmpty)
        #expect(SearchQuery.parse("-refund -card").excluded.count == 2)
    }

    @Test func orJoinsNeighbouringWantedTerms() {
        #expect(SearchQuery.parse("refund OR credit OR voucher card").clauses == [
            [Self.word("refund"), Self.word("credit"), Self.word("voucher")], [Self.word("card")],
        ])
        #expect(SearchQuery.parse(#"refund OR "store credit""#).clauses == [[Self.word("refund"), .phrase(["store", "credit"])]])
        // OR that does not stand between two wanted terms is ignored; lower-case or is a word.
        #expect(SearchQuery.parse("OR refund OR").clauses == [[Self.word("refund")]])
        #expect(SearchQuery.parse("refund OR OR card").clauses == [[Self.word("refund")], [Self.word("card")]])
        #expect(SearchQuery.parse("refund OR -card").clauses == [[Self.word("refund")]])
        #expect(SearchQuery.parse("refund or card").clauses.count == 3)
        #expect(SearchQuery.parse("OR").isEmpty)
        #expect(SearchQuery.parse("OR OR").isEmpty)
    }

    @Test func prefixes() {
        #expect(SearchQuery.parse("card*").clauses == [[.prefix(["card"])]])
        #expect(SearchQuery.parse("card**").clauses == [[.prefix(["card"])]])
        #expect(SearchQuery.parse(#""refund pol"*"#).clauses == [[.prefix(["refund", "pol"])]])
        #expect(SearchQuery.parse(#""refund pol*""#).clauses == [[.prefix(["refund", "pol"])]])
        #expect(SearchQuery.parse("e-mai*").clauses == [[.prefix(["e", "mai"])]])
        // Too short to be a prefix, or not right after a token: a plain word.
        #expect(SearchQuery.parse("x*").clauses == [[Self.word("x")]])
        #expect(SearchQuery.parse("card-*").clauses == [[Self.word("card")]])
        #expect(SearchQuery.parse("*").isEmpty)
        #expect(SearchQuery.parse("re*fund").clauses == [[.phrase(["re", "fund"])]])
    }

    @Test func punctuationInsideAWordMakesAPhrase() {
        #expect(SearchQuery.parse("don't").clauses == [[.phrase(["don", "t"])]])
        #expect(SearchQuery.parse("refund-policy e-mail").clauses == [[.phrase(["refund", "policy"])], [.phrase(["e", "mail"])]])
        #expect(SearchQuery.parse("555-1212").clauses == [[.phrase(["555", "1212"])]])
    }

    @Test func searchSyntaxOfEnginesIsLiteral() {
        #expect(SearchQuery.parse("text:secret").clauses == [[.phrase(["text", "secret"])]])
        #expect(SearchQuery.parse("NEAR(refund card, 3)").clauses == [
            [.phrase(["near", "refund"])], [Self.word("card")], [Self.word("3")],
        ])
        #expect(SearchQuery.parse("^refund + card AND NOT (x)").clauses == [
            [Self.word("refund")], [Self.word("card")], [Self.word("and")], [Self.word("not")], [Self.word("x")],
        ])
        #expect(SearchQuery.parse("{text speaker}: refund").clauses.count == 3)
        #expect(SearchQuery.parse("'; DROP TABLE calls; --").clauses == [[Self.word("drop")], [Self.word("table")], [Self.word("calls")]])
        #expect(SearchQuery.parse(":: () ^ + {} [] \\ ; %_").isEmpty)
    }

    @Test func repeatsAreKeptOnce() {
        #expect(SearchQuery.parse("refund REFUND refund").clauses == [[Self.word("refund")]])
        #expect(SearchQuery.parse("refund refund OR card").clauses == [[Self.word("refund")]])
        #expect(SearchQuery.parse("card OR refund refund OR card").clauses == [[Self.word("card"), Self.word("refund")]])
        #expect(SearchQuery.parse("-spam -spam x").excluded == [Self.word("spam")])
    }

    @Test func limitsBoundTheQuery() {
        let many = (0..<100).map { "w\($0)" }.joined(separator: " ")
        let query = SearchQuery.parse(many + " -excluded")
        #expect(query.clauses.count == SearchQuery.maximumTerms)
        #expect(query.clauses.first == [Self.word("w0")])
        #expect(query.excluded.isEmpty)
        let phrase = "\"" + (0..<100).map { "t\($0)" }.joined(separator: " ") + "\""
        #expect(SearchQuery.parse(phrase).clauses[0][0].tokens.count == SearchQuery.maximumPhraseTokens)
        // A long phrase cut short is no longer a prefix.
        #expect(SearchQuery.parse(phrase.dropLast() + "*\"").clauses[0][0] == .phrase((0..<32).map { "t\($0)" }))
        let long = String(repeating: "a", count: 200_000) + " " + String(repeating: "(\"", count: 50_000)
        #expect(SearchQuery.parse(long).clauses.count == 1)
    }

    @Test func unicodeIsSplitLikeTheIndex() {
        // Combining marks stay in their token (the index folds them away): NFC and NFD agree in the index.
        #expect(SearchQuery.tokenize("cafe\u{301}s") == ["cafe\u{301}s"])
        #expect(SearchQuery.tokenize("Crème brûlée") == ["crème", "brûlée"])
        // Emoji, symbols, joiners and control characters separate; numbers of any kind are tokens.
        #expect(SearchQuery.tokenize("refund😀card 👍🏽 a\u{200D}b x\0y") == ["refund", "card", "a\u{200D}b", "x", "y"])
        #expect(SearchQuery.tokenize("½ x² ٣٤٥ 退款 مرحبا שלום") == ["½", "x²", "٣٤٥", "退款", "مرحبا", "שלום"])
        // A combining mark cannot start a token.
        #expect(SearchQuery.tokenize("\u{301}\u{301}") == [])
        // Letters the index's older tables file as marks are not tokens either.
        #expect(SearchQuery.tokenize("\u{19B0}\u{19C8}") == [])
        #expect(SearchQuery.parse("\u{200F}\u{202E}refund\u{202C}").clauses.count == 1)
    }

    @Test func queriesRoundTripThroughJSON() throws {
        let query = SearchQuery.parse(#"refund OR credit "store credit" -spam card*"#)
        let data = try JSONEncoder().encode(query)
        #expect(try JSONDecoder().decode(SearchQuery.self, from: data) == query)
    }
}
