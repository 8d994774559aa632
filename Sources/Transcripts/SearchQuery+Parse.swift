extension SearchQuery {
    /// Understands what a person typed; never fails (see ``SearchQuery``).
    ///
    /// - `"a phrase"` must appear as written (an unclosed quote runs to the end);
    /// - `-word` or `-"a phrase"` must not appear;
    /// - `a OR b` (upper-case `OR`) matches either; `OR` at an edge is a plain word;
    /// - `word*` matches every word starting with `word`;
    /// - everything else is split into tokens (letters and digits), lower-cased, and every token
    ///   of an unquoted word must appear.
    public static func parse(_ text: String) -> SearchQuery {
        var clauses: [[Term]] = []
        var excluded: [Term] = []
        var pendingOr = false
        for piece in lex(text) {
            switch piece {
            case .or:
                pendingOr = !clauses.isEmpty
            case .term(let terms, let negated):
                if negated {
                    excluded += terms
                } else if pendingOr, terms.count == 1, var last = clauses.popLast() {
                    last.append(terms[0])
                    clauses.append(last)
                } else if pendingOr, let first = terms.first, var last = clauses.popLast() {
                    // `a OR b-c` joins `a` with `b` only; `c` must appear too.
                    last.append(first)
                    clauses.append(last)
                    clauses += terms.dropFirst().map { [$0] }
                } else {
                    clauses += terms.map { [$0] }
                }
                pendingOr = false
            }
        }
        return SearchQuery(clauses: clauses, excluded: excluded)
    }

    private enum Piece {
        case or
        case term([Term], negated: Bool)
    }

    /// Splits the text into `OR` keywords and terms.
    private static func lex(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
                continue
            }
            var negated = false
            var start = index
            if character == "-" {
                let next = text.index(after: index)
                if next < text.endIndex, !text[next].isWhitespace {
                    negated = true
                    start = next
                }
            }
            if start < text.endIndex, text[start] == "\"" {
                let open = text.index(after: start)
                let close = text[open...].firstIndex(of: "\"") ?? text.endIndex
                let tokens = tokenize(text[open..<close])
                if !tokens.isEmpty { pieces.append(.term([.phrase(tokens)], negated: negated)) }
                index = close < text.endIndex ? text.index(after: close) : close
                continue
            }
            let end = text[start...].firstIndex { $0.isWhitespace || $0 == "\"" } ?? text.endIndex
            let word = text[start..<end]
            index = end
            if word == "OR" && !negated {
                pieces.append(.or)
                continue
            }
            let tokens = tokenize(word)
            guard !tokens.isEmpty else { continue }
            var terms = tokens.map { Term.phrase([$0]) }
            if word.hasSuffix("*"), let last = tokens.last, tokenize(word.dropLast()).last == last {
                terms[terms.count - 1] = .prefix(last)
            }
            pieces.append(.term(terms, negated: negated))
        }
        return pieces
    }

    /// Letters and digits, lower-cased, split at everything else: how the index splits text.
    public static func tokenize<S: StringProtocol>(_ text: S) -> [String] {
        var tokens: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                tokens.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current.lowercased()) }
        return tokens
    }
}
