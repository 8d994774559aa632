public import Essentials
import Foundation
public import Logging
public import Transfer
import Synchronization

/// The RingCentral REST API: auth, rate-limit groups on shared budgets, call log, recordings,
/// subscriptions, RingSense and the async AI API.
///
/// Every request spends a token of its group (shared across processes through the database),
/// budgets are corrected from `X-Rate-Limit-Limit`/`-Window`, and a 429 pauses the whole group
/// until `Retry-After` (60 s when absent), so nothing is sent inside a penalty window. A 401 for a
/// bad or expired token triggers one re-authentication and one retry, never a loop.
public final class RingCentralClient: Sendable {
    public let configuration: RingCentralConfiguration
    let http: HTTPClient
    let budgets: any RateLimitBudget
    let clock: any TimeSource
    let tokens: TokenManager
    let logger: Logger
    /// Budgets learned from response headers: (limit, window in ms) by key.
    private let knownBudgets = Mutex<[String: LearnedBudget]>([:])

    struct LearnedBudget: Equatable {
        var limit: Int
        var windowMillis: Int64
    }

    /// A client.
    /// - Parameters:
    ///   - configuration: Server and credentials.
    ///   - http: The libcurl client.
    ///   - budget: The shared rate-limit budgets every request spends.
    ///   - tokenStore: Where the token is kept between runs.
    ///   - clock: Where time comes from.
    ///   - logger: Where to log; secrets are never logged.
    public init(
        configuration: RingCentralConfiguration, http: HTTPClient, budget: any RateLimitBudget, tokenStore: TokenStore,
        clock: any TimeSource = SystemTimeSource(), logger: Logger = Logger(label: "callvault.ringcentral")
    ) {
        self.configuration = configuration
        self.http = http
        self.budgets = budget
        self.clock = clock
        self.logger = logger
        tokens = TokenManager(configuration: configuration, http: http, budget: budget, store: tokenStore, clock: clock, logger: logger)
    }

    // MARK: - Requests

    /// Sends one authorized request in `group`.
    ///
    /// - Parameters:
    ///   - pathOrURL: A path on the server (`/restapi/v1.0/…`) or an absolute URL used exactly as given.
    ///   - query: Query items, repeated keys allowed (`direction=Inbound&direction=Outbound`).
    /// - Throws: ``RingCentralError``.
    public func send(
        _ method: HTTPMethod, _ pathOrURL: String, group: RateLimitGroup, query: [(String, String)] = [],
        body: HTTPBody? = nil, budget: RequestBudget = .acquire
    ) async throws -> HTTPResponse {
        let url = Self.url(pathOrURL, base: configuration.serverURL, query: query)
        var budget = budget
        var retriedAuth = false
        while true {
            // The token first: a grant spent before a slow token request would let the request
            // leave later than its slot in the window.
            let token = try await tokens.accessToken()
            try await spend(group, budget)
            budget = .acquire
            var request = HTTPRequest(method: method, url: url, headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"], body: body)
            request.maximumResponseBodySize = 32 * 1024 * 1024
            let response: HTTPResponse
            do {
                response = try await http.send(request)
            } catch let error as TransferError {
                throw RingCentralError(.transport, "\(method) \(Self.describe(url)) failed: \(error.message)")
            }
            try await observe(response.headers, status: response.status, group: group)
            if response.status == 401, !retriedAuth, APIErrorBody.parse(response.body)?.isTokenProblem ?? true {
                retriedAuth = true
                await tokens.invalidate(token)
                logger.info("access token refused; authenticating again once")
                continue
            }
            if response.isSuccess {
                // RingCentral sometimes answers a rate limit with 200 and a CMN-301 error body.
                if let body = APIErrorBody.parse(response.body), body.isRateLimit, body.primaryCode != nil {
                    let until = try await pauseForRateLimit(response.headers, charged: group)
                    throw RingCentralError(
                        .rateLimited, "\(method) \(Self.describe(url)) answered \(response.status) with a rate-limit body",
                        status: response.status, errorCode: body.primaryCode, retryAtMillis: until)
                }
                return response
            }
            throw error(status: response.status, body: response.body, headers: response.headers, group: group, what: "\(method) \(Self.describe(url))")
        }
    }

    /// Waits for (or, prepaid, checks) the group's budget.
    func spend(_ group: RateLimitGroup, _ budget: RequestBudget) async throws {
        switch budget {
        case .acquire:
            try await budgets.acquire(group.key)
        case .prepaid:
            if let paused = try await budgets.pausedUntil(group.key) {
                throw RingCentralError(.rateLimited, "the \(group) group is paused after a 429", retryAtMillis: paused)
            }
        }
    }

    /// Learns budgets from the rate-limit headers and pauses on a 429.
    ///
    /// A 429 pauses the group the request was charged to and, when RingCentral names another
    /// group in `X-Rate-Limit-Group`, that one too, so nothing is sent inside either penalty.
    /// `X-Rate-Limit-Remaining` of 0 with a known window also pauses the named group until the
    /// window has passed (RingCentral counts more than we do, e.g. requests from other apps).
    func observe(_ headers: HTTPHeaders, status: Int, group: RateLimitGroup) async throws {
        let named = headers["X-Rate-Limit-Group"].flatMap(RateLimitGroup.named) ?? group
        var windowSeconds: Int?
        if let limit = headers["X-Rate-Limit-Limit"].flatMap(Int.init), let window = headers["X-Rate-Limit-Window"].flatMap(Int.init),
            limit >= 1, window >= 1
        {
            windowSeconds = window
            let learned = LearnedBudget(limit: limit, windowMillis: RateLimitGroup.enforcedWindowMillis(windowSeconds: window))
            let changed = knownBudgets.withLock { known -> Bool in
                defer { known[named.key] = learned }
                return known[named.key] != learned
            }
            if changed {
                try await budgets.learn(named.key, limit: learned.limit, windowMillis: learned.windowMillis)
                logger.debug("rate limit learned", metadata: ["group": "\(named)", "limit": "\(limit)", "window_s": "\(window)"])
            }
        }
        if status == 429 {
            try await pauseForRateLimit(headers, charged: group)
        } else if headers["X-Rate-Limit-Remaining"].flatMap(Int.init) == 0, let windowSeconds {
            let until = clock.nowMillis() + RateLimitGroup.enforcedWindowMillis(windowSeconds: windowSeconds)
            try await budgets.pause(named.key, untilMillis: until)
            logger.debug("budget exhausted at RingCentral; waiting for the window", metadata: ["group": "\(named)"])
        }
    }

    /// Pauses the charged group and the named one (when they differ) for the penalty; returns its end.
    @discardableResult
    func pauseForRateLimit(_ headers: HTTPHeaders, charged: RateLimitGroup) async throws -> Int64 {
        let named = headers["X-Rate-Limit-Group"].flatMap(RateLimitGroup.named) ?? charged
        let until = clock.nowMillis() + penaltyMillis(headers, group: named)
        for group in Set([charged, named]) {
            try await budgets.pause(group.key, untilMillis: until)
        }
        logger.warning("rate limited: pausing", metadata: ["group": "\(named)", "until": "\(Millis.iso8601(until))"])
        return until
    }

    /// How long a group stays paused after a rate limit: `Retry-After` when sent, else the group's
    /// learned window (RingCentral's penalty interval equals the window), else 60 s.
    func penaltyMillis(_ headers: HTTPHeaders, group: RateLimitGroup) -> Int64 {
        if headers["Retry-After"] != nil { return RetryAfter.millis(headers, now: clock.nowMillis()) }
        if let learned = knownBudgets.withLock({ $0[group.key] }) { return learned.windowMillis }
        return RetryAfter.defaultMillis
    }

    /// The error for a non-2xx answer.
    func error(status: Int, body: [UInt8], headers: HTTPHeaders, group: RateLimitGroup, what: String) -> RingCentralError {
        let parsed = APIErrorBody.parse(body)
        let text = parsed?.text.isEmpty == false ? parsed!.text : String(decoding: body.prefix(200), as: UTF8.self)
        let code: RingCentralError.Code
        var retryAt: Int64?
        switch status {
        case 429:
            code = .rateLimited
            retryAt = clock.nowMillis() + penaltyMillis(headers, group: headers["X-Rate-Limit-Group"].flatMap(RateLimitGroup.named) ?? group)
        case 503 where headers["Retry-After"] != nil:
            code = .serverError
            retryAt = clock.nowMillis() + RetryAfter.millis(headers, now: clock.nowMillis())
        case 401: code = .authentication
        case 403: code = .forbidden
        case 404: code = .notFound
        case 400..<500: code = .badRequest
        default: code = .serverError
        }
        return RingCentralError(code, "\(what): \(text)", status: status, errorCode: parsed?.primaryCode, retryAtMillis: retryAt)
    }

    static func url(_ pathOrURL: String, base: String, query: [(String, String)]) -> String {
        var url = pathOrURL.hasPrefix("http://") || pathOrURL.hasPrefix("https://") ? pathOrURL : base + pathOrURL
        guard !query.isEmpty else { return url }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        let encoded = query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        url += (url.contains("?") ? "&" : "?") + encoded.joined(separator: "&")
        return url
    }

    /// A URL for messages: no query string (it may hold an access token).
    static func describe(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw RingCentralError(.invalidResponse, "\(what): the response does not parse (\(error))", status: response.status)
        }
    }
}
