/// A page of search hits and how many there are in all.
public struct SearchResults: Sendable, Codable, Equatable {
    /// Every matching segment under the filters; when ``totalIsExact`` is `false`, a lower bound
    /// (the search stopped counting there, see the back end's ranking window).
    public var total: Int
    /// Whether ``total`` is the exact count.
    public var totalIsExact: Bool
    /// This page, best first.
    public var results: [SearchHit]

    /// Creates results.
    public init(total: Int, totalIsExact: Bool = true, results: [SearchHit]) {
        self.total = total
        self.totalIsExact = totalIsExact
        self.results = results
    }

    private enum CodingKeys: String, CodingKey {
        case total, totalIsExact, results
    }

    /// Decodes results; `totalIsExact` may be absent (documents written before it existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        total = try container.decode(Int.self, forKey: .total)
        totalIsExact = try container.decodeIfPresent(Bool.self, forKey: .totalIsExact) ?? true
        results = try container.decode([SearchHit].self, forKey: .results)
    }
}
