import Testing
import Transcripts

@Suite("Speaker filter")
struct SpeakerFilterTests {
    @Test func rolesAndNames() {
        #expect(SpeakerFilter.parse("agent") == .role("agent"))
        #expect(SpeakerFilter.parse(" Customer ") == .role("customer"))
        #expect(SpeakerFilter.parse("Grace Kim") == .name(["grace", "kim"]))
        #expect(SpeakerFilter.parse("José Núñez") == .name(["josé", "núñez"]))
        #expect(SpeakerFilter.parse("O'Brien") == .name(["o", "brien"]))
        #expect(SpeakerFilter.parse("agent smith") == .name(["agent", "smith"]))
        #expect(SpeakerFilter.parse("a b c d e f g h i j") == .name(["a", "b", "c", "d", "e", "f", "g", "h"]))
    }

    @Test func nothingSearchableIsNoFilter() {
        for text in ["", " ", "!!!", "😀", "\0"] { #expect(SpeakerFilter.parse(text) == nil) }
    }
}
