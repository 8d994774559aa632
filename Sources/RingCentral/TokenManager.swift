import Essentials
import Crypto
import Foundation
import Logging
import Transfer

/// Owns the access token: reuses the stored one, renews it before it expires (refresh grant, else
/// the JWT grant), and spends the Auth group's budget for every token request.
actor TokenManager {
    private let configuration: RingCentralConfiguration
    private let http: HTTPClient
    private let budget: any RateLimitBudget
    private let store: TokenStore
    private let clock: any TimeSource
    private let logger: Logger
    private var current: StoredToken?
    private var loaded = false
    private var renewal: Task<StoredToken, any Error>?

    init(
        configuration: RingCentralConfiguration, http: HTTPClient, budget: any RateLimitBudget, store: TokenStore,
        clock: any TimeSource, logger: Logger
    ) {
        self.configuration = configuration
        self.http = http
        self.budget = budget
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// A hash of the credentials, so a token from other credentials is never reused.
    private var fingerprint: String {
        let text = configuration.serverURL + "\n" + configuration.clientId + "\n" + configuration.jwt
        return Hex.encode(SHA256.hash(data: Data(text.utf8)).prefix(12))
    }

    /// A valid access token, renewing it first when it is missing or about to expire.
    func accessToken() async throws -> String {
        if !loaded {
            loaded = true
            if let stored = try await store.load(), stored.credentialsFingerprint == fingerprint { current = stored }
        }
        let now = clock.nowMillis()
        if let current, current.accessValid(now: now, marginMillis: Int64(configuration.renewalMarginSeconds) * 1000) {
            return current.accessToken
        }
        return try await renew().accessToken
    }

    /// The scopes of the current token, obtaining one first when needed.
    func grantedScopes() async throws -> Set<String> {
        _ = try await accessToken()
        return Set((current?.scope ?? "").split(separator: " ").map(String.init))
    }

    /// Forgets an access token the server refused (its refresh token stays usable).
    func invalidate(_ accessToken: String) {
        if current?.accessToken == accessToken { current?.accessExpiresAt = 0 }
    }

    private func renew() async throws -> StoredToken {
        if let renewal { return try await renewal.value }
        let task = Task { try await self.grant() }
        renewal = task
        defer { renewal = nil }
        let token = try await task.value
        current = token
        try await store.save(token)
        return token
    }

    private func grant() async throws -> StoredToken {
        if let current, current.refreshValid(now: clock.nowMillis()), let refresh = current.refreshToken {
            do {
                return try await requestToken([("grant_type", "refresh_token"), ("refresh_token", refresh)])
            } catch let error as RingCentralError where error.code == .authentication {
                logger.info("refresh token refused; using the JWT grant", metadata: ["error_code": "\(error.errorCode ?? "-")"])
            }
        }
        return try await requestToken([("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", configuration.jwt)])
    }

    private func requestToken(_ fields: [(String, String)]) async throws -> StoredToken {
        try await budget.acquire(RateLimitGroup.auth.key)
        let basic = Data("\(configuration.clientId):\(configuration.clientSecret)".utf8).base64EncodedString()
        var request = HTTPRequest.post(
            configuration.serverURL + "/restapi/oauth/token",
            headers: ["Authorization": "Basic \(basic)", "Accept": "application/json"],
            body: .form(fields)
        )
        request.maximumResponseBodySize = 64 * 1024
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as TransferError {
            throw RingCentralError(.transport, "token request failed: \(error.message)")
        }
        let now = clock.nowMillis()
        switch response.status {
        case 200:
            guard let info = try? JSONDecoder().decode(TokenInfo.self, from: Data(response.body)) else {
                throw RingCentralError(.invalidResponse, "the token endpoint answered 200 without a token", status: 200)
            }
            logger.debug("access token granted", metadata: ["expires_in": "\(info.expiresIn)"])
            return StoredToken(
                accessToken: info.accessToken, accessExpiresAt: now + Int64(info.expiresIn) * 1000,
                refreshToken: info.refreshToken,
                refreshExpiresAt: info.refreshTokenExpiresIn.map { now + Int64($0) * 1000 },
                ownerId: info.ownerId, scope: info.scope, credentialsFingerprint: fingerprint
            )
        case 429:
            let until = now + RetryAfter.millis(response.headers, now: now)
            try await budget.pause(RateLimitGroup.auth.key, untilMillis: until)
            throw RingCentralError(.rateLimited, "token requests are rate limited", status: 429, errorCode: "CMN-301", retryAtMillis: until)
        default:
            let body = APIErrorBody.parse(response.body)
            let code: RingCentralError.Code = response.status >= 500 ? .serverError : .authentication
            throw RingCentralError(
                code,
                "the token endpoint refused the request: \(body?.text.isEmpty == false ? body!.text : "HTTP \(response.status)")"
                    + "; check RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT",
                status: response.status, errorCode: body?.primaryCode
            )
        }
    }
}
