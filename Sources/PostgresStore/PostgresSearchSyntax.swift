import Foundation
import Transcripts

/// How text becomes PostgreSQL full-text values: segments are split into tokens by
/// ``SearchQuery/tokenize(_:)`` (the tokenizer the query parser and the SQLite index share),
/// folded (lower case, accents removed), and stored as a `tsvector` literal with their positions;
/// a parsed ``SearchQuery`` becomes a `tsquery` literal of the same folded tokens, every one
/// quoted, so no user text is ever read as `tsquery` syntax.
///
/// Doing the splitting here, not with the server's parser, keeps the two back ends' hits the
/// same whatever the database's locale: `e-mail`, `don't` and `example.com` split as SQLite's
/// `unicode61` splits them.
enum PostgresSearchSyntax {
    /// Lower case without diacritics: canonical decomposition, combining marks dropped
    /// (`Núñez` → `nunez`, `cafe\u{301}` → `cafe`), as SQLite's `remove_diacritics` does for Latin
    /// letters.
    static func fold(_ token: String) -> String {
        let scalars = token.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter {
            $0.properties.generalCategory != .nonspacingMark
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The folded tokens of a text, in order (without tokens longer than a lexeme may be, 2 KiB).
    static func tokens(_ text: String) -> [String] {
        SearchQuery.tokenize(text).map(fold).filter { !$0.isEmpty && $0.utf8.count < 2_048 }
    }

    /// A `tsvector` literal of the text's tokens with their positions (1-based, at most 16383 as
    /// PostgreSQL keeps them): `'refund':1 'policy':2`.
    static func vector(_ text: String) -> String {
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (index, token) in tokens(text).enumerated() {
            if positions[token] == nil { order.append(token) }
            positions[token, default: []].append(min(index + 1, 16_383))
        }
        return order.map { token in quote(token) + ":" + positions[token]!.map(String.init).joined(separator: ",") }
            .joined(separator: " ")
    }

    /// A `tsquery` literal for a parsed query: clauses joined by `&`, the terms of a clause by `|`,
    /// a phrase's tokens by `<->`, a prefix's last token with `:*`, exclusions with `& !`; `nil`
    /// when a wanted clause has no searchable text (nothing can match).
    static func query(_ query: SearchQuery) -> String? {
        var clauses: [String] = []
        for clause in query.clauses where !clause.isEmpty {
            let terms = clause.compactMap(term)
            guard !terms.isEmpty else { return nil }
            clauses.append(terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " | ") + ")")
        }
        guard !clauses.isEmpty else { return nil }
        let excluded = query.excluded.compactMap(term).map { "!" + $0 }
        return (clauses + excluded).joined(separator: " & ")
    }

    /// One term, `nil` when none of its text is searchable.
    static func term(_ term: SearchQuery.Term) -> String? {
        let prefix: Bool
        switch term {
        case .phrase: prefix = false
        case .prefix: prefix = true
        }
        let folded = term.tokens.flatMap(tokens)
        guard let last = folded.last else { return nil }
        let parts = folded.dropLast().map(quote) + [quote(last) + (prefix ? ":*" : "")]
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " <-> ") + ")"
    }

    /// A `tsquery` literal requiring every token of a speaker's name (folded).
    static func nameQuery(_ tokens: [String]) -> String? {
        let folded = tokens.flatMap(self.tokens)
        return folded.isEmpty ? nil : folded.map(quote).joined(separator: " & ")
    }

    /// A lexeme quoted for a `tsvector` or `tsquery` literal.
    static func quote(_ token: String) -> String {
        "'" + token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The condition on a call's digit columns for a phone pattern (`$n` placeholders from
    /// `bind`): equality for a whole number, `LIKE` anchored at the start or the end for a
    /// leading or trailing part, which the calls' trigram (GIN) indexes serve. A trailing part
    /// longer than any stored number is compared whole, as the SQLite engine does.
    static func phoneCondition(_ phone: PhonePattern, bind: (String) throws -> String) rethrows -> String {
        switch phone.kind {
        case .whole:
            let value = try bind(phone.digits)
            return "(c.from_digits = \(value) OR c.to_digits = \(value))"
        case .leading:
            let value = try bind(phone.digits + "%")
            return "(c.from_digits LIKE \(value) OR c.to_digits LIKE \(value))"
        case .trailing where phone.digits.count > 20:
            let value = try bind(phone.digits)
            return "(c.from_digits = \(value) OR c.to_digits = \(value))"
        case .trailing:
            let value = try bind("%" + phone.digits)
            return "(c.from_digits LIKE \(value) OR c.to_digits LIKE \(value))"
        }
    }

    /// Escapes `%`, `_` and `\` for a `LIKE` pattern (PostgreSQL's default escape is `\`).
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// `ts_headline`'s STX/ETX markers turned into ``SearchHit/markStart``/``markEnd``; those
    /// characters in the text itself become plain quotes, so the markers are unambiguous.
    static func marked(_ snippet: String) -> String {
        String(snippet.map { character -> Character in
            switch character {
            case SearchHit.markStart, SearchHit.markEnd: "\""
            case "\u{2}": SearchHit.markStart
            case "\u{3}": SearchHit.markEnd
            default: character
            }
        })
    }
}
