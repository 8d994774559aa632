import Essentials
import Logging
import Transfer

extension RingCentralClient {
    /// Pages through the call log: the first page with the query, every next one by
    /// `navigation.nextPage.uri` exactly as returned, until it is absent. Each page is a Heavy request.
    ///
    /// - Parameters:
    ///   - firstPageBudget: `.prepaid` when the job's claim already spent the first Heavy token.
    ///   - onPage: Called with each page before the next is requested.
    /// - Returns: The number of pages fetched.
    @discardableResult
    public func callLog(
        _ query: CallLogQuery, firstPageBudget: RequestBudget = .acquire,
        onPage: (CallLogPage) async throws -> Void
    ) async throws -> Int {
        let path = query.extensionId.map { "/restapi/v1.0/account/~/extension/\($0)/call-log" } ?? "/restapi/v1.0/account/~/call-log"
        var next: String? = path
        var query: [(String, String)] = query.items(perPage: configuration.perPage)
        var budget = firstPageBudget
        var pages = 0
        while let target = next {
            let response: HTTPResponse
            do {
                response = try await send(.get, target, group: .heavy, query: query, budget: budget)
            } catch let error as RingCentralError where error.code == .rateLimited && pages > 0 {
                // A 429 in the middle of paging: wait out the penalty, then ask for the same page
                // again (its `nextPage` URI) instead of failing the whole sync.
                let until = error.retryAtMillis ?? clock.nowMillis() + RetryAfter.defaultMillis
                logger.warning("rate limited while paging; waiting", metadata: ["page": "\(pages + 1)", "until": "\(until)"])
                try await clock.sleep(untilMillis: until)
                budget = .acquire
                continue
            }
            let page = try decode(CallLogPage.self, response, what: "call-log page \(pages + 1)")
            pages += 1
            if page.skippedRecords > 0 {
                logger.warning("skipped call-log records without an id", metadata: ["count": "\(page.skippedRecords)"])
            }
            try await onPage(page)
            next = page.navigation?.nextPage?.uri
            query = []
            budget = .acquire
        }
        return pages
    }
}
