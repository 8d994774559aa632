/// Tolerant decoding: RingCentral adds fields and enum values without notice, and ids arrive as
/// strings or numbers. A page must never fail because one optional field is odd.
extension KeyedDecodingContainer {
    /// A string, or a number rendered as a string; `nil` when absent or of another type.
    func lossyString(_ key: Key) -> String? {
        if let value = try? decodeIfPresent(String.self, forKey: key) { return value }
        if let value = try? decodeIfPresent(Int64.self, forKey: key) { return String(value) }
        if let value = try? decodeIfPresent(Double.self, forKey: key) { return String(value) }
        return nil
    }

    /// An integer, or a numeric string; `nil` otherwise.
    func lossyInt(_ key: Key) -> Int64? {
        if let value = try? decodeIfPresent(Int64.self, forKey: key) { return value }
        if let value = try? decodeIfPresent(Double.self, forKey: key) { return Int64(value) }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Int64(text) }
        return nil
    }

    /// A boolean, or `"true"`/`"false"`; `nil` otherwise.
    func lossyBool(_ key: Key) -> Bool? {
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return value }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text.lowercased() == "true" }
        return nil
    }

    /// A nested value, or `nil` when absent or malformed.
    func lossy<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(T.self, forKey: key)) ?? nil
    }

    /// An array keeping the elements that decode and dropping the rest.
    func lossyArray<T: Decodable>(_ type: T.Type, _ key: Key) -> [T] {
        guard var container = try? nestedUnkeyedContainer(forKey: key) else { return [] }
        var values: [T] = []
        while !container.isAtEnd {
            if let value = try? container.decode(T.self) {
                values.append(value)
            } else {
                _ = try? container.decode(Discarded.self)
            }
        }
        return values
    }
}

/// Consumes one element of any shape.
private struct Discarded: Decodable {
    init(from decoder: any Decoder) throws {}
}
