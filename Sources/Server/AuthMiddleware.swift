import Hummingbird

/// Lets a request through with the API token (`Authorization: Bearer`, compared in constant
/// time), a signed link (`?exp=&kid=&sig=`, for the method and path) or the page's session cookie
/// (changes need its CSRF token too); anything else is 401, and a bad or expired link is 403
/// saying which.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let apiToken: String?
    let signer: URLSigner
    let sessions: SessionKeeper
    let nowSeconds: @Sendable () -> Int64

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard let apiToken, header.hasPrefix("Bearer "), ConstantTime.equal(String(header.dropFirst(7)), apiToken) else {
                throw APIError(
                    .unauthorized, "unauthorized", "the bearer token is not accepted",
                    headers: [.wwwAuthenticate: "Bearer realm=\"callvault\""])
            }
            context.access = .token
            return try await next(request, context)
        }
        let query = request.uri.queryParameters
        if query["sig"] != nil || query["kid"] != nil || query["exp"] != nil {
            // A HEAD request may use a link signed for GET: players probe before they play.
            let method = request.method == .head ? "GET" : request.method.rawValue
            switch signer.verify(
                method: method, path: request.uri.path, exp: query["exp"].map(String.init), kid: query["kid"].map(String.init),
                sig: query["sig"].map(String.init), now: nowSeconds())
            {
            case .success(let keyId):
                context.access = .signedLink(keyId: keyId)
                return try await next(request, context)
            case .failure(let error):
                throw APIError(.forbidden, "bad-signed-link", error.refusal.rawValue)
            }
        }
        if sessions.hasCookie(request) {
            guard let session = sessions.session(of: request, now: nowSeconds()) else {
                throw APIError(.unauthorized, "session-expired", "the session has expired or was signed out; sign in again")
            }
            if ![.get, .head, .options].contains(request.method) { try sessions.checkChange(request, session: session) }
            context.access = .session(id: session.shortId)
            return try await next(request, context)
        }
        throw APIError(
            .unauthorized, "unauthorized", "send Authorization: Bearer with the API token, sign in on the page, or use a signed link",
            headers: [.wwwAuthenticate: "Bearer realm=\"callvault\""])
    }
}
