import Foundation

/// An ``AuditEvent`` as stored: its place in the chain, the hash of the entry before it and its
/// own hash (``AuditChain``).
public struct AuditEntry: Sendable, Codable, Equatable {
    /// Position in the chain, from 1 without gaps.
    public var seq: Int64
    /// The event.
    public var event: AuditEvent
    /// The previous entry's ``hash`` (``AuditChain/genesis`` for the first).
    public var previousHash: String
    /// SHA-256 (lowercase hex) of this entry's canonical form, which includes ``previousHash``.
    public var hash: String

    /// Creates an entry.
    public init(seq: Int64, event: AuditEvent, previousHash: String, hash: String) {
        self.seq = seq
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

extension AuditEntry {
    /// The stored form of an event's details: a JSON object of strings with sorted keys.
    public static func detailsJSON(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Details read back from ``detailsJSON(_:)``; text that is not such an object reads as none,
    /// which the verifier then reports as a broken link.
    public static func details(json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
