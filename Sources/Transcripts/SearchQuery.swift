/// What a person typed into a search box, understood: words, `"quoted phrases"`, `-excluded`
/// terms, `OR` between terms, and `prefix*`. Anything else is literal text: punctuation,
/// colons, parentheses, `NEAR`, `^` and column names never reach a search engine as syntax.
///
/// Terms are split into tokens the way the index splits text (letters and digits; everything
/// else separates), so `refund-policy` finds "refund policy". A back end renders the parsed
/// query in its own syntax (FTS5 `MATCH`, PostgreSQL `tsquery`), quoting every token.
///
/// ```swift
/// let query = SearchQuery.parse(#"refund OR credit "cancel my subscription" -spam card*"#)
/// // clauses: [[refund, credit], ["cancel my subscription"], [card*]], excluded: [spam]
/// ```
public struct SearchQuery: Sendable, Equatable, Codable {
    /// One searchable unit.
    public enum Term: Sendable, Equatable, Codable {
        /// A phrase of one or more tokens that must appear in this order (one token: a word).
        case phrase([String])
        /// A token's prefix: matches every token that starts with it.
        case prefix(String)
    }

    /// Every clause must match; a clause matches when any of its terms does.
    public var clauses: [[Term]]
    /// No term here may match.
    public var excluded: [Term]

    /// Creates a query.
    public init(clauses: [[Term]], excluded: [Term] = []) {
        self.clauses = clauses
        self.excluded = excluded
    }

    /// Whether the query asks for nothing (a search box left empty, or only exclusions).
    public var isEmpty: Bool { clauses.isEmpty }
}
