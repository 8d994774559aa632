import Foundation
import Transcripts

/// Renders a parsed ``SearchQuery`` as an FTS5 `MATCH` expression in which every token is a
/// quoted string, so no user text is ever read as FTS5 syntax.
enum SQLiteSearchSyntax {
    static func match(_ query: SearchQuery) -> String {
        let required = query.clauses.map { clause -> String in
            let terms = clause.map(term)
            return terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
        return query.excluded.reduce(required) { $0 + " NOT " + term($1) }
    }

    static func term(_ term: SearchQuery.Term) -> String {
        switch term {
        case .phrase(let tokens): quote(tokens.joined(separator: " "))
        case .prefix(let token): quote(token) + "*"
        }
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The digits of a phone number however it is written (`+1 (650) 555-1212`, `00 44 20…`):
    /// an international `00` prefix is dropped, as `+` is.
    static func phoneDigits(_ text: String) -> String? {
        var digits = String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        if text.trimmingPrefix(while: \.isWhitespace).hasPrefix("00") { digits = String(digits.dropFirst(2)) }
        return digits.isEmpty ? nil : digits
    }

    /// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// FTS5's snippet with its STX/ETX markers turned into ``SearchHit/markStart``/``markEnd``;
    /// those characters in the text itself become plain quotes, so the markers are unambiguous.
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
