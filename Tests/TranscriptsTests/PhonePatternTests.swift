import Testing
import Transcripts

@Suite("Phone filter: numbers written any way")
struct PhonePatternTests {
    @Test(arguments: [
        ("+1 650 555 1212", "16505551212", PhonePattern.Kind.whole),
        ("+1 (650) 555-1212", "16505551212", .whole),
        ("00 1 650 555 1212", "16505551212", .whole),
        ("0044 20 7946 0958", "442079460958", .whole),
        ("+44*", "44", .leading),
        ("+1 650*", "1650", .leading),
        ("(650) 555-1212", "6505551212", .trailing),
        ("650.555.1212", "6505551212", .trailing),
        ("1-650-555-1212", "16505551212", .trailing),
        ("555 1212", "5551212", .trailing),
        ("1212", "1212", .trailing),
        ("020 7946 0958", "2079460958", .trailing),
        ("0", "0", .trailing),
        ("0100", "0100", .trailing),
        ("01 42 68 53 00", "142685300", .trailing),
        ("650*", "650", .trailing),
        ("٦٥٠ ٥٥٥ ١٢١٢", "6505551212", .trailing),
        ("+１ ６５０", "1650", .whole),
        ("tel: 555-1212 (home)", "5551212", .trailing),
    ])
    func parses(text: String, digits: String, kind: PhonePattern.Kind) {
        #expect(PhonePattern.parse(text) == PhonePattern(digits: digits, kind: kind))
    }

    @Test func textWithoutDigitsIsNoPattern() {
        for text in ["", "   ", "+", "00", "abc", "(-)", "+*"] {
            #expect(PhonePattern.parse(text) == nil, "\(text)")
        }
    }
}
