/// A parsed `Content-Range` response header: `bytes first-last/total` or `bytes */total`.
struct ContentRange: Hashable {
    /// The first byte position, `nil` for the unsatisfied form `bytes */total`.
    var first: Int64?
    /// The last byte position (inclusive), `nil` for the unsatisfied form.
    var last: Int64?
    /// The complete length, `nil` when the server sent `*`.
    var total: Int64?

    /// Parses a header value; returns `nil` when it is not a `bytes` range.
    init?(_ value: String) {
        let trimmed = value.trimmingSpaces()
        guard trimmed.lowercased().hasPrefix("bytes") else { return nil }
        let spec = trimmed.dropFirst(5).drop(while: { $0 == " " || $0 == "=" })
        let halves = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let rangePart = halves[0].trimmingCharacters(in: " ")
        let totalPart = halves[1].trimmingCharacters(in: " ")
        if totalPart == "*" {
            total = nil
        } else {
            guard let value = Int64(totalPart), value >= 0 else { return nil }
            total = value
        }
        if rangePart == "*" {
            first = nil
            last = nil
        } else {
            let bounds = rangePart.split(separator: "-", maxSplits: 1)
            guard bounds.count == 2, let low = Int64(bounds[0]), let high = Int64(bounds[1]), low >= 0, high >= low else {
                return nil
            }
            first = low
            last = high
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var slice = self
        while slice.first == character { slice.removeFirst() }
        while slice.last == character { slice.removeLast() }
        return String(slice)
    }
}
