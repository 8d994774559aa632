/// An ordered list of HTTP header fields with case-insensitive, multi-valued lookup.
///
/// Order and repetition are preserved as received (`Set-Cookie` may appear many times).
/// ``description`` redacts secret headers such as `Authorization`, so printing or logging
/// a value of this type never leaks credentials.
///
/// ```swift
/// var headers: HTTPHeaders = ["Accept": "application/json"]
/// headers.add(name: "Authorization", value: "Bearer \(token)")
/// headers["content-type"]           // first value, any case
/// headers.values(for: "Set-Cookie")  // all values
/// ```
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One header field.
    public typealias Field = (name: String, value: String)

    private var storage: [Entry]

    private struct Entry: Sendable, Hashable {
        var name: String
        var value: String
        var lowercasedName: String
    }

    /// Creates an empty header list.
    public init() { storage = [] }

    /// Creates a header list from fields, keeping their order.
    public init(_ fields: [(String, String)]) {
        storage = fields.map { Entry(name: $0.0, value: $0.1, lowercasedName: $0.0.lowercased()) }
    }

    /// Creates a header list from a literal, keeping the written order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields.
    public var count: Int { storage.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { storage.isEmpty }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(name: String, value: String) {
        storage.append(Entry(name: name, value: value, lowercasedName: name.lowercased()))
    }

    /// Replaces all fields named `name` (any case) with a single field.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes all fields named `name` (any case).
    public mutating func remove(name: String) {
        let key = name.lowercased()
        storage.removeAll { $0.lowercasedName == key }
    }

    /// Removes and returns the last field.
    mutating func popLast() -> Field? {
        storage.popLast().map { (name: $0.name, value: $0.value) }
    }

    /// Whether a field named `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        let key = name.lowercased()
        return storage.contains { $0.lowercasedName == key }
    }

    /// All values of the fields named `name` (any case), in order.
    public func values(for name: String) -> [String] {
        let key = name.lowercased()
        return storage.filter { $0.lowercasedName == key }.map(\.value)
    }

    /// The first value of the field named `name` (any case); setting replaces all of them
    /// (`nil` removes them).
    public subscript(name: String) -> String? {
        get {
            let key = name.lowercased()
            return storage.first { $0.lowercasedName == key }?.value
        }
        set {
            if let newValue { replaceOrAdd(name: name, value: newValue) } else { remove(name: name) }
        }
    }

    /// Iterates the fields in order, values unredacted.
    public func makeIterator() -> some IteratorProtocol<Field> {
        storage.lazy.map { (name: $0.name, value: $0.value) }.makeIterator()
    }

    /// The fields with secret values (see ``Redaction``) replaced.
    public var redacted: [Field] {
        storage.map { (name: $0.name, value: Redaction.redactHeaderValue(name: $0.name, value: $0.value)) }
    }

    /// `[Name: value, …]` with secret values redacted.
    public var description: String {
        "[" + redacted.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
