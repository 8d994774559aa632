import Essentials
import Testing
import Transcripts

@Suite("Card and SSN redaction")
struct RedactionTests {
    let redactor = TranscriptRedactor(kinds: [.cards, .ssn])

    @Test func cardNumbersInGroupsTogetherOrSpokenAreMasked() {
        let (grouped, counts) = redactor.redact(text: "sure, it is 4111 1111 1111 1111, expiry next May")
        #expect(grouped == "sure, it is [redacted card], expiry next May")
        #expect(counts == ["card": 1])
        #expect(redactor.redact(text: "card 4539-1488-0343-6467 please").0 == "card [redacted card] please")
        #expect(redactor.redact(text: "number 4539148803436467.").0 == "number [redacted card].")
        let spoken = redactor.redact(text: "four one one one one one one one one one one one one one one one and that's it").0
        #expect(spoken == "[redacted card] and that's it")
    }

    @Test func numbersThatFailLuhnOrAreTooShortAreKept() {
        let text = "order 4111 1111 1111 1112 and invoice 12345678 on the 3rd"
        #expect(redactor.redact(text: text).0 == text)
        #expect(TranscriptRedactor(kinds: [.ssn]).redact(text: "it is 4111 1111 1111 1111").0 == "it is 4111 1111 1111 1111")
    }

    @Test func socialSecurityNumbersAreMaskedWithDashesOrAfterTheWords() {
        #expect(redactor.redact(text: "mine is 123-45-6789 ok").0 == "mine is [redacted ssn] ok")
        #expect(redactor.redact(text: "my social security number is 123456789").0 == "my social security number is [redacted ssn]")
        #expect(redactor.redact(text: "the code is 123456789").0 == "the code is 123456789")
        #expect(redactor.redact(text: "invalid 000-12-3456 stays").0 == "invalid 000-12-3456 stays")
    }

    @Test func transcriptsRawResponsesAndWordTimingsAreMaskedAndCounted() {
        let transcript = Transcript(
            source: .ai, versionMillis: 1, speakers: [],
            segments: [
                TranscriptSegment(
                    speakerId: nil, start: 0, end: 4, text: "card 4111 1111 1111 1111 thanks",
                    words: ["card", "4111", "1111", "1111", "1111", "thanks"].enumerated().map {
                        TranscriptWord(word: $1, start: Double($0), end: Double($0) + 0.5)
                    })
            ],
            insights: TranscriptInsights(summary: "Customer gave card 4111111111111111 and SSN 123-45-6789."))
        let raw: AnyJSON = .object([
            "transcript": .string("card 4111 1111 1111 1111 thanks"),
            "words": .array(["card", "4111", "1111", "1111", "1111"].map { .object(["word": .string($0)]) }),
        ])
        let (masked, maskedRaw) = redactor.redact(transcript, raw: raw)
        #expect(masked.segments[0].text == "card [redacted card] thanks")
        #expect(masked.segments[0].words?.map(\.word) == ["card", "[redacted]", "[redacted]", "[redacted]", "[redacted]", "thanks"])
        #expect(masked.insights.summary == "Customer gave card [redacted card] and SSN [redacted ssn].")
        #expect(masked.redactions == [TranscriptRedaction(kind: "card", count: 1), TranscriptRedaction(kind: "ssn", count: 0)])
        let text = String(describing: maskedRaw)
        #expect(!text.contains("4111"))
    }

    @Test func offChangesNothing() {
        let transcript = Transcript(source: .ai, versionMillis: 1, speakers: [], segments: [.init(speakerId: nil, start: 0, end: 1, text: "4111 1111 1111 1111")])
        let (same, _) = TranscriptRedactor(kinds: []).redact(transcript, raw: .null)
        #expect(same == transcript)
    }

    @Test func settingsAreParsed() throws {
        #expect(try RedactionKind.parse("cards,ssn") == [.cards, .ssn])
        #expect(try RedactionKind.parse(" ssn ") == [.ssn])
        #expect(throws: TranscriptError.self) { try RedactionKind.parse("cards,iban") }
    }
}
