/// What a person typed into a search box, understood: words, `"quoted phrases"`, `-excluded`
/// terms, `OR` between terms, and `prefix*`. Anything else is literal text: punctuation,
/// colons, parentheses, `NEAR`, `^`, `+` and column names never reach a search engine as syntax.
///
/// Text is split into tokens the way the full-text index splits it (runs of letters and digits,
/// see ``tokenize(_:)``). A word written with punctuation inside (`refund-policy`, `don't`,
/// `555-1212`) is a phrase of its tokens, so it finds the same tokens side by side, as the index
/// holds them. A back end renders the parsed query in its own syntax (FTS5 `MATCH`, PostgreSQL
/// `tsquery`), quoting every token.
///
/// ```swift
/// let query = SearchQuery.parse(#"refund OR credit "cancel my subscription" -spam card*"#)
/// // clauses: [[refund, credit], ["cancel my subscription"], [card*]], excluded: [spam]
/// ```
///
/// Limits keep one query's cost bounded whatever is typed: at most ``maximumTerms`` terms (the
/// rest of the text is ignored), ``maximumPhraseTokens`` tokens per phrase (a longer phrase
/// keeps its first tokens), and prefixes of at least ``minimumPrefixLength`` characters.
public struct SearchQuery: Sendable, Equatable, Codable {
    /// One searchable unit.
    public enum Term: Sendable, Equatable, Hashable, Codable {
        /// Tokens that must appear side by side in this order (one token: a word).
        case phrase([String])
        /// Like ``phrase(_:)``, but the last token matches every token that starts with it
        /// (`card*` finds "card", "cards", "cardholder").
        case prefix([String])

        /// The tokens, in order.
        public var tokens: [String] {
            switch self {
            case .phrase(let tokens), .prefix(let tokens): tokens
            }
        }
    }

    /// Every clause must match; a clause matches when any of its terms does.
    public var clauses: [[Term]]
    /// No term here may match.
    public var excluded: [Term]

    /// The most terms (across clauses and exclusions) one query keeps.
    public static let maximumTerms = 32
    /// The most tokens one phrase keeps.
    public static let maximumPhraseTokens = 32
    /// The fewest characters a prefix needs (`x*` is the word `x`): a shorter one would
    /// expand to a large part of the vocabulary.
    public static let minimumPrefixLength = 2

    /// Creates a query.
    public init(clauses: [[Term]], excluded: [Term] = []) {
        self.clauses = clauses
        self.excluded = excluded
    }

    /// Whether the query asks for nothing (a search box left empty, only punctuation, or only
    /// exclusions): such a query cannot be run.
    public var isEmpty: Bool { clauses.allSatisfy(\.isEmpty) }
}
