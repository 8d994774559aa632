extension SearchQuery {
    /// Understands what a person typed; never fails (see ``SearchQuery``).
    ///
    /// - Words are separated by white space; every word must appear.
    /// - `"a phrase"` must appear as written; typographic quotes (`“ ” „`) work too, and an
    ///   unclosed quote runs to the end of the text. `""` and quotes around nothing searchable are
    ///   ignored.
    /// - `-word`, `-"a phrase"` or `-prefix*` must not appear (a `-` with a space after it is
    ///   punctuation, ignored).
    /// - `a OR b` (upper-case `OR`) matches either; chains (`a OR b OR c`) join one clause. An
    ///   `OR` that does not stand between two wanted terms (at an edge, doubled, next to an
    ///   exclusion) is ignored; a lower-case `or` is a word.
    /// - `word*` (and `"a phra"*` or `"a phra*"`) matches tokens that start with the last token,
    ///   when that has at least ``minimumPrefixLength`` characters (`x*` is the word `x`).
    /// - Everything else is literal: a word with punctuation inside is the phrase of its tokens;
    ///   a word with no letters or digits at all is ignored.
    ///
    /// Repeated terms are kept once; terms past ``maximumTerms`` are ignored.
    public static func parse(_ text: String) -> SearchQuery {
        var groups: [[Term]] = []
        var excluded: [Term] = []
        var previous: Piece?
        var beforePrevious: Piece?
        for piece in lex(Array(text.unicodeScalars), limit: 4 * maximumTerms) {
            defer {
                beforePrevious = previous
                previous = piece
            }
            guard case .term(let term, let negated) = piece else { continue }
            if negated {
                if !excluded.contains(term) { excluded.append(term) }
            } else if case .or? = previous, case .term(_, negated: false)? = beforePrevious, !groups.isEmpty {
                if !groups[groups.count - 1].contains(term) { groups[groups.count - 1].append(term) }
            } else {
                groups.append([term])
            }
        }
        // Drop repeated clauses, and clauses a single wanted term already implies (`a (a OR b)` is `a`).
        let singles = Set(groups.filter { $0.count == 1 }.map { $0[0] })
        var clauses: [[Term]] = []
        for group in groups where !clauses.contains(where: { Set($0) == Set(group) }) {
            if group.count > 1, group.contains(where: singles.contains) { continue }
            clauses.append(group)
        }
        // Keep the first terms up to the limit, wanted ones first.
        var budget = maximumTerms
        clauses = clauses.compactMap { clause in
            let kept = Array(clause.prefix(budget))
            budget -= kept.count
            return kept.isEmpty ? nil : kept
        }
        return SearchQuery(clauses: clauses, excluded: Array(excluded.prefix(budget)))
    }

    private enum Piece {
        case or
        case term(Term, negated: Bool)
    }

    /// Splits the text into `OR` keywords and terms (at most `limit` pieces); words without
    /// tokens are dropped.
    private static func lex(_ scalars: [Unicode.Scalar], limit: Int) -> [Piece] {
        var pieces: [Piece] = []
        var index = 0
        let end = scalars.count
        while index < end, pieces.count < limit {
            if scalars[index].properties.isWhitespace {
                index += 1
                continue
            }
            var negated = false
            if scalars[index] == "-", index + 1 < end, !scalars[index + 1].properties.isWhitespace {
                negated = true
                index += 1
            }
            if isQuote(scalars[index]) {
                let open = index + 1
                var close = open
                while close < end, !isQuote(scalars[close]) { close += 1 }
                var content = scalars[open..<close]
                index = min(close + 1, end)
                var isPrefix = false
                while index < end, scalars[index] == "*" {
                    isPrefix = true
                    index += 1
                }
                while let last = content.last, last.properties.isWhitespace || last == "*" {
                    if last == "*" { isPrefix = true }
                    content = content.dropLast()
                }
                if let term = term(tokenize(scalars: content), prefix: isPrefix && endsWithToken(content)) {
                    pieces.append(.term(term, negated: negated))
                }
                continue
            }
            let start = index
            while index < end, !scalars[index].properties.isWhitespace, !isQuote(scalars[index]) { index += 1 }
            var word = scalars[start..<index]
            if !negated, word.elementsEqual("OR".unicodeScalars) {
                pieces.append(.or)
                continue
            }
            var isPrefix = false
            while word.last == "*" {
                isPrefix = true
                word = word.dropLast()
            }
            if let term = term(tokenize(scalars: word), prefix: isPrefix && endsWithToken(word)) {
                pieces.append(.term(term, negated: negated))
            }
        }
        return pieces
    }

    /// A phrase or prefix term of at most ``maximumPhraseTokens`` tokens, `nil` for none.
    private static func term(_ tokens: [String], prefix: Bool) -> Term? {
        guard !tokens.isEmpty else { return nil }
        let kept = Array(tokens.prefix(maximumPhraseTokens))
        let isPrefix = prefix && kept.count == tokens.count && kept[kept.count - 1].count >= minimumPrefixLength
        return isPrefix ? .prefix(kept) : .phrase(kept)
    }

    /// Whether the text's last scalar belongs to a token (so a `*` right after it is a prefix).
    private static func endsWithToken(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let last = scalars.last else { return false }
        return continuesToken(last)
    }

    /// The straight double quote and the typographic ones people paste.
    private static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{FF02}": true
        default: false
        }
    }
}
