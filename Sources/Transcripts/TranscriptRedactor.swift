public import Essentials
import Foundation

/// Masks payment card numbers and US social security numbers in a transcript before it is
/// stored, so they reach neither the sidecar nor the search index (`CALLVAULT_REDACT`).
///
/// Text is read as tokens; a run of number tokens (digits, or spoken digits such as "four",
/// "oh") separated only by spaces, dashes, dots or commas is a candidate. Within a run, the
/// longest stretch of 13 to 19 digits passing the Luhn check is a card number; three tokens of 3,
/// 2 and 4 digits forming a valid SSN, or nine digits right after "social security" or "SSN", are
/// an SSN. A masked stretch becomes `[redacted card]` or `[redacted ssn]`; word timings of the
/// masked words become `[redacted]`. Segments, insights and the raw response (every string, and
/// AI word lists) are masked alike. The audio is never changed.
public struct TranscriptRedactor: Sendable {
    /// What to mask.
    public let kinds: Set<RedactionKind>

    /// A redactor of `kinds` (none: it changes nothing).
    public init(kinds: Set<RedactionKind>) {
        self.kinds = kinds
    }

    static let spokenDigits: [String: Character] = [
        "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
        "seven": "7", "eight": "8", "nine": "9",
    ]

    /// The masked transcript and raw response; the transcript's ``Transcript/redactions`` say
    /// how many of each kind were masked.
    public func redact(_ transcript: Transcript, raw: AnyJSON) -> (Transcript, AnyJSON) {
        guard !kinds.isEmpty else { return (transcript, raw) }
        var counts: [String: Int] = [:]
        var result = transcript
        for index in result.segments.indices {
            let (text, found) = redact(text: result.segments[index].text)
            for (kind, count) in found { counts[kind, default: 0] += count }
            result.segments[index].text = text
            if let words = result.segments[index].words {
                let masked = maskWords(words.map(\.word))
                for (wordIndex, word) in masked.enumerated() { result.segments[index].words?[wordIndex].word = word }
            }
        }
        var insights = result.insights
        insights.summary = insights.summary.map { redact(text: $0).0 }
        insights.callNotes = insights.callNotes.map { redact(text: $0).0 }
        insights.bulletedSummary = insights.bulletedSummary.map { redact(text: $0).0 }
        for index in insights.highlights.indices { insights.highlights[index].text = redact(text: insights.highlights[index].text).0 }
        for index in insights.nextSteps.indices { insights.nextSteps[index].text = redact(text: insights.nextSteps[index].text).0 }
        result.insights = insights
        // Every kind looked for is listed, with 0 when nothing was found: the sidecar says what was checked.
        let names = kinds.map { $0 == .cards ? "card" : "ssn" }.sorted()
        result.redactions = names.map { TranscriptRedaction(kind: $0, count: counts[$0] ?? 0) }
        return (result, redact(json: raw))
    }

    /// `text` with every match masked, and how many of each kind (`card`, `ssn`) were masked.
    public func redact(text: String) -> (String, [String: Int]) {
        let tokens = Self.tokens(text)
        let matches = find(tokens.map(\.text), context: tokens.map(\.text))
        guard !matches.isEmpty else { return (text, [:]) }
        var output = ""
        var cursor = text.startIndex
        var counts: [String: Int] = [:]
        for match in matches {
            let start = tokens[match.range.lowerBound].range.lowerBound
            let end = tokens[match.range.upperBound].range.upperBound
            output += text[cursor..<start]
            output += "[redacted \(match.kind)]"
            cursor = end
            counts[match.kind, default: 0] += 1
        }
        output += text[cursor...]
        return (output, counts)
    }

    /// Words (one token each) with the words of every match masked.
    func maskWords(_ words: [String]) -> [String] {
        var result = words
        for match in find(words.map { Substring($0.trimmingCharacters(in: .punctuationCharacters)) }, context: words.map { Substring($0) }) {
            for index in match.range { result[index] = "[redacted]" }
        }
        return result
    }

    /// Every string masked; arrays of AI word objects (`{"word": …}`) masked as word lists.
    func redact(json: AnyJSON) -> AnyJSON {
        switch json {
        case .string(let text):
            return .string(redact(text: text).0)
        case .array(let items):
            var masked = items.map(redact(json:))
            let words = items.compactMap { item -> String? in
                if case .object(let fields) = item, case .string(let word)? = fields["word"] { return word }
                return nil
            }
            if words.count == items.count, !words.isEmpty {
                for (index, word) in maskWords(words).enumerated() where word != words[index] {
                    if case .object(var fields) = masked[index] {
                        fields["word"] = .string(word)
                        masked[index] = .object(fields)
                    }
                }
            }
            return .array(masked)
        case .object(let fields):
            return .object(fields.mapValues(redact(json:)))
        default:
            return json
        }
    }

    // MARK: - Detection

    struct Token {
        var text: Substring
        var range: Range<String.Index>
    }

    struct Match {
        var range: ClosedRange<Int>
        var kind: String
    }

    /// Words and numbers with their ranges; separators between them are dropped.
    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isLetter || text[index].isNumber {
                let start = index
                let numeric = text[index].isNumber
                while index < text.endIndex, numeric ? text[index].isNumber : (text[index].isLetter || text[index] == "'") {
                    index = text.index(after: index)
                }
                tokens.append(Token(text: text[start..<index], range: start..<index))
            } else {
                index = text.index(after: index)
            }
        }
        return tokens
    }

    /// The digits a token stands for, or `nil` when it is not a number.
    static func digits(_ token: Substring) -> String? {
        if !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) { return String(token) }
        return spokenDigits[token.lowercased()].map { String($0) }
    }

    /// Non-overlapping matches, in order, over tokens; `context` is what precedes them (for SSN cues).
    func find(_ tokens: [Substring], context: [Substring]) -> [Match] {
        let digits = tokens.map(Self.digits)
        var matches: [Match] = []
        var index = 0
        while index < tokens.count {
            guard digits[index] != nil else {
                index += 1
                continue
            }
            // A run of number tokens.
            var end = index
            while end + 1 < tokens.count, digits[end + 1] != nil { end += 1 }
            matches += self.matches(in: index...end, digits: digits, context: context)
            index = end + 1
        }
        return matches
    }

    private func matches(in run: ClosedRange<Int>, digits: [String?], context: [Substring]) -> [Match] {
        var found: [Match] = []
        var start = run.lowerBound
        while start <= run.upperBound {
            var best: Match?
            if kinds.contains(.cards) {
                var text = ""
                var end = start
                while end <= run.upperBound {
                    text += digits[end] ?? ""
                    if text.count > 19 { break }
                    if text.count >= 13, Self.luhn(text) { best = Match(range: start...end, kind: "card") }
                    end += 1
                }
            }
            if best == nil, kinds.contains(.ssn) {
                best = ssn(at: start, run: run, digits: digits, context: context)
            }
            if let match = best {
                found.append(match)
                start = match.range.upperBound + 1
            } else {
                start += 1
            }
        }
        return found
    }

    private func ssn(at start: Int, run: ClosedRange<Int>, digits: [String?], context: [Substring]) -> Match? {
        if start + 2 <= run.upperBound, let a = digits[start], let g = digits[start + 1], let s = digits[start + 2],
            a.count == 3, g.count == 2, s.count == 4, Self.validSSN(a + g + s)
        {
            return Match(range: start...(start + 2), kind: "ssn")
        }
        let cue = context[max(0, start - 6)..<start].map { $0.lowercased() }
        guard cue.contains("social") || cue.contains("ssn") else { return nil }
        var text = ""
        var end = start
        while end <= run.upperBound, text.count < 9 {
            text += digits[end] ?? ""
            end += 1
        }
        guard text.count == 9, Self.validSSN(text) else { return nil }
        return Match(range: start...(end - 1), kind: "ssn")
    }

    /// Whether the digits pass the Luhn check.
    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            guard var value = character.wholeNumberValue else { return false }
            if offset % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// Whether nine digits can be an SSN: area not 000, 666 or 9xx; group not 00; serial not 0000.
    static func validSSN(_ digits: String) -> Bool {
        guard digits.count == 9, let area = Int(digits.prefix(3)), let group = Int(digits.dropFirst(3).prefix(2)),
            let serial = Int(digits.suffix(4))
        else { return false }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}
