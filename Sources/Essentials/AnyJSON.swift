public import Foundation

/// Any JSON value, decoded without a schema and encoded back as it was (object keys unordered):
/// what callvault keeps of a third party's response "as received".
///
/// ```swift
/// let raw = try JSONDecoder().decode(AnyJSON.self, from: body)
/// let again = try JSONEncoder().encode(raw)   // the same value
/// ```
public enum AnyJSON: Sendable, Codable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var values: [AnyJSON] = []
            while !list.isAtEnd { values.append(try list.decode(AnyJSON.self)) }
            self = .array(values)
        } else if let keyed = try? decoder.container(keyedBy: Key.self) {
            var values: [String: AnyJSON] = [:]
            for key in keyed.allKeys { values[key.stringValue] = try keyed.decode(AnyJSON.self, forKey: key) }
            self = .object(values)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(Int64.self) {
                self = .int(value)
            } else if let value = try? single.decode(Double.self) {
                self = .double(value)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let values):
            var list = encoder.unkeyedContainer()
            for value in values { try list.encode(value) }
        case .object(let values):
            var keyed = encoder.container(keyedBy: Key.self)
            for (key, value) in values { try keyed.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// An object's member, or `nil` for a missing member or a value that is not an object.
    public func member(_ name: String) -> AnyJSON? {
        guard case .object(let values) = self else { return nil }
        return values[name]
    }

    /// Parses JSON bytes.
    public static func parse(_ data: Data) throws -> AnyJSON {
        try JSONDecoder().decode(AnyJSON.self, from: data)
    }

    /// The value as compact JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
