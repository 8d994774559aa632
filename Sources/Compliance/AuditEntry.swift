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
        // Written directly rather than through JSONEncoder: every streamed range is an entry,
        // and the encoder's set-up cost more than the appender's SQL.
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(16 + details.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        for (index, key) in AuditChain.byteOrderedKeys(details).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendJSONString(details[key] ?? "", to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped,
    /// everything else as its UTF-8.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Details read back from ``detailsJSON(_:)``; text that is not such an object reads as none,
    /// which the verifier then reports as a broken link.
    public static func details(json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
