import Foundation

/// What ``TranscriptRedactor`` masks (`CALLVAULT_REDACT=cards,ssn`).
public enum RedactionKind: String, Sendable, Codable, CaseIterable {
    /// Payment card numbers: 13 to 19 digits passing the Luhn check, written together, in groups
    /// separated by spaces or dashes, or spoken digit by digit ("four one one one …").
    case cards
    /// US social security numbers: `AAA-GG-SSSS` (or spaced), or nine digits right after the
    /// words "social security" or "SSN".
    case ssn

    /// The kinds in a comma-separated list such as `cards,ssn`.
    /// - Throws: ``TranscriptError`` `.invalidArgument` naming an unknown kind.
    public static func parse(_ text: String) throws -> Set<RedactionKind> {
        var kinds = Set<RedactionKind>()
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !item.isEmpty {
            switch item {
            case "cards", "card", "pci": kinds.insert(.cards)
            case "ssn", "ssns": kinds.insert(.ssn)
            case "off", "none": continue
            default:
                throw TranscriptError(.invalidArgument, "unknown redaction \"\(item)\"; use cards, ssn or both (cards,ssn)")
            }
        }
        return kinds
    }
}
