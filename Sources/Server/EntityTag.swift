/// An entity tag (RFC 9110 §8.8.3): an opaque quoted string, weak when prefixed `W/`.
struct EntityTag: Sendable, Equatable {
    /// The characters between the quotes.
    var opaque: Substring
    /// Whether the tag is weak (`W/"…"`).
    var isWeak: Bool

    /// Strong comparison (§8.8.3.2): both strong and the same characters.
    func strongMatch(_ other: EntityTag) -> Bool { !isWeak && !other.isWeak && opaque == other.opaque }

    /// Weak comparison: the same characters, weak or not.
    func weakMatch(_ other: EntityTag) -> Bool { opaque == other.opaque }

    /// The tags of a list such as `If-None-Match: "a", W/"b"`, in order. Parsing stops at the
    /// first member that is not an entity tag; what came before it counts.
    static func list(_ value: Substring) -> [EntityTag] {
        var tags: [EntityTag] = []
        var rest = value
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            guard !rest.isEmpty else { return tags }
            var weak = false
            if rest.hasPrefix("W/") {
                weak = true
                rest = rest.dropFirst(2)
            }
            guard rest.first == "\"" else { return tags }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "\"") else { return tags }
            tags.append(EntityTag(opaque: rest[..<close], isWeak: weak))
            rest = rest[rest.index(after: close)...]
        }
    }

    /// One tag, or `nil` when `value` is not exactly one.
    static func single(_ value: Substring) -> EntityTag? {
        var trimmed = value
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        let tags = list(trimmed)
        guard tags.count == 1, let tag = tags.first, trimmed.hasSuffix("\"") else { return nil }
        return trimmed.count == tag.opaque.count + (tag.isWeak ? 4 : 2) ? tag : nil
    }
}
