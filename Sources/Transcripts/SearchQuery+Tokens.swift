extension SearchQuery {
    /// Splits text into lower-cased tokens the way the full-text index does (SQLite FTS5's
    /// `unicode61` tokenizer): a token starts with a letter, a digit or a private-use character
    /// and runs on through letters, digits, combining marks and invisible format characters;
    /// everything else separates. `"Don't e-mail ½"` gives `don`, `t`, `e`, `mail`, `½`.
    ///
    /// A back end re-tokenizes every token it is given with its own rules, so a token here may
    /// only ever be split further there, never vanish: a character starts a token here only if
    /// it does in the index (see ``startsToken(_:)``).
    public static func tokenize<S: StringProtocol>(_ text: S) -> [String] {
        tokenize(scalars: text.unicodeScalars)
    }

    static func tokenize<S: Sequence<Unicode.Scalar>>(scalars: S) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in scalars {
            if current.isEmpty ? startsToken(scalar) : continuesToken(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                tokens.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current).lowercased()) }
        return tokens
    }

    /// Whether a token can start with this character: letters, digits and private-use
    /// characters, except the few the index's older Unicode tables file as combining marks.
    public static func startsToken(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber, .privateUse:
            return !markedAsCombining(scalar)
        default:
            return false
        }
    }

    /// Whether a token that has started goes on through this character.
    static func continuesToken(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: true
        default: startsToken(scalar)
        }
    }

    /// Letters that SQLite's `unicode61` tables (Unicode 6.1) still file as spacing marks: New Tai
    /// Lue vowel signs and tone marks, and two Vedic signs. A word made only of them has no token
    /// in the index, so it must have none here.
    private static func markedAsCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x19B0...0x19C0, 0x19C8...0x19C9, 0x1CF2...0x1CF3: true
        default: false
        }
    }
}
