/// A page of search hits and how many there are in all.
public struct SearchResults: Sendable, Codable, Equatable {
    /// Every matching segment under the filters.
    public var total: Int
    /// This page, best first.
    public var results: [SearchHit]

    /// Creates results.
    public init(total: Int, results: [SearchHit]) {
        self.total = total
        self.results = results
    }
}
