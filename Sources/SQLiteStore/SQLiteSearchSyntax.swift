import Transcripts

/// Renders a parsed ``SearchQuery`` and the speaker filter as an FTS5 `MATCH` expression in which
/// every token is inside a quoted string, so no user text is ever read as FTS5 syntax.
///
/// The words are confined to the `text` column; a speaker filter is a term on `speaker_role` or
/// `speaker_name`:
///
/// ```
/// text : (("refund" OR "credit") AND "card"* NOT ("spam")) AND speaker_role : ("agent")
/// ```
///
/// FTS5 numbers the phrases of an expression left to right; ``phrases(_:speaker:)`` lists them in
/// that order, which is how ``SQLiteSearchRanking`` learns which phrases count and how much.
enum SQLiteSearchSyntax {
    /// One phrase of the expression, in FTS5's numbering order.
    enum Phrase: Equatable {
        /// A wanted term of the words (ranked).
        case wanted(SearchQuery.Term)
        /// An excluded term (never in a matching row).
        case excluded(SearchQuery.Term)
        /// A speaker token (another column; not ranked).
        case speaker(String)
    }

    /// The whole `MATCH` expression; `query` must not be empty.
    static func match(_ query: SearchQuery, speaker: SpeakerFilter?) -> String {
        precondition(!query.isEmpty, "an empty query has no MATCH expression")
        let wanted = query.clauses.filter { !$0.isEmpty }.map { clause -> String in
            let terms = clause.map(term)
            return terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
        var expression = wanted
        if !query.excluded.isEmpty {
            expression = "(" + wanted + ") NOT (" + query.excluded.map(term).joined(separator: " OR ") + ")"
        }
        expression = "text : (" + expression + ")"
        switch speaker {
        case .role(let role)?:
            expression += " AND speaker_role : (" + quote(role) + ")"
        case .name(let tokens)?:
            expression += " AND speaker_name : (" + tokens.map(quote).joined(separator: " AND ") + ")"
        case nil:
            break
        }
        return expression
    }

    /// The expression of one term alone in the `text` column (for counting its rows).
    static func match(_ term: SearchQuery.Term) -> String {
        "text : (" + self.term(term) + ")"
    }

    /// The phrases of ``match(_:speaker:)`` in the order FTS5 numbers them.
    static func phrases(_ query: SearchQuery, speaker: SpeakerFilter?) -> [Phrase] {
        var phrases = query.clauses.flatMap { $0.map(Phrase.wanted) } + query.excluded.map(Phrase.excluded)
        switch speaker {
        case .role(let role)?: phrases.append(.speaker(role))
        case .name(let tokens)?: phrases += tokens.map(Phrase.speaker)
        case nil: break
        }
        return phrases
    }

    /// A term as a quoted FTS5 string, with `*` after it for a prefix.
    static func term(_ term: SearchQuery.Term) -> String {
        switch term {
        case .phrase(let tokens): quote(tokens.joined(separator: " "))
        case .prefix(let tokens): quote(tokens.joined(separator: " ")) + "*"
        }
    }

    /// An FTS5 string: double quotes around, embedded ones doubled, and NUL (which would end the
    /// expression early) left out.
    static func quote(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars where scalar != "\0" {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// FTS5's snippet with its STX/ETX markers turned into ``SearchHit/markStart``/``markEnd``;
    /// those characters in the text itself become plain quotes, so the markers are unambiguous.
    /// (Works on UTF-8 bytes: `«` is C2 AB, `»` is C2 BB, and no other character contains those
    /// byte pairs at a character boundary.)
    static func marked(_ snippet: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(snippet.utf8.count + 16)
        var previousWasC2 = false
        for byte in snippet.utf8 {
            if previousWasC2 {
                previousWasC2 = false
                if byte == 0xAB || byte == 0xBB {
                    bytes[bytes.count - 1] = UInt8(ascii: "\"")
                    continue
                }
            }
            switch byte {
            case 0x02: bytes += [0xC2, 0xAB]
            case 0x03: bytes += [0xC2, 0xBB]
            case 0xC2:
                bytes.append(byte)
                previousWasC2 = true
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
