import Essentials
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The operator page: `GET /` (the application shell, the same for everyone: it holds no data),
/// its static files under `/ui/`, and the sign-in that turns the API token into a session cookie
/// (`GET`, `POST` and `DELETE /session`).
///
/// The files are plain HTML, CSS and JavaScript modules compiled into the binary. Every page
/// response carries a Content-Security-Policy that allows scripts, styles and media from this
/// server only (no inline script or style, no plugins, no framing) and requires Trusted Types, so
/// the page's code cannot parse server text as markup.
struct PageController: Sendable {
    let sessions: SessionKeeper
    let apiToken: String?
    let publicURL: String?
    let clock: any TimeSource

    /// The static files by name: bytes and media type.
    static let files: [String: (bytes: [UInt8], type: String)] = [
        "app.js": (PackageResources.app_js, "text/javascript; charset=utf-8"),
        "api.js": (PackageResources.api_js, "text/javascript; charset=utf-8"),
        "dom.js": (PackageResources.dom_js, "text/javascript; charset=utf-8"),
        "search.js": (PackageResources.search_js, "text/javascript; charset=utf-8"),
        "call.js": (PackageResources.call_js, "text/javascript; charset=utf-8"),
        "ops.js": (PackageResources.ops_js, "text/javascript; charset=utf-8"),
        "style.css": (PackageResources.style_css, "text/css; charset=utf-8"),
        "icon.svg": (PackageResources.icon_svg, "image/svg+xml"),
    ]

    func register(on router: Router<ServerContext>) {
        router.get("/") { _, _ in page(PackageResources.index_html, type: "text/html; charset=utf-8") }
        router.get("/ui/:file") { _, context in
            guard let name = context.parameters.get("file"), let file = Self.files[name] else { throw APIError.notFound("no such file") }
            return page(file.bytes, type: file.type)
        }
        router.get("/session") { request, _ in try state(request) }
        router.post("/session") { request, context in try await signIn(request, context: context) }
        router.delete("/session") { request, _ in try signOut(request) }
    }

    /// The policy of the page's responses.
    var contentSecurityPolicy: String {
        let media = ["'self'"] + (publicURL.flatMap(SessionKeeper.origin(of:)).map { [$0] } ?? [])
        return [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "media-src \(media.joined(separator: " "))",
            "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
            "require-trusted-types-for 'script'", "trusted-types 'none'",
        ].joined(separator: "; ")
    }

    func page(_ bytes: [UInt8], type: String) -> Response {
        var headers: HTTPFields = [.contentType: type, .contentLength: String(bytes.count)]
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// What `GET/POST/DELETE /session` answer: whether signed in, until when, and the CSRF token
    /// that changes must carry.
    struct SessionState: Encodable {
        var signedIn: Bool
        var expires: String?
        var csrfToken: String?
    }

    func state(_ request: Request) throws -> Response {
        let now = clock.nowMillis() / 1000
        guard let session = sessions.session(of: request, now: now) else {
            var response = try JSONResponse.make(SessionState(signedIn: false))
            if sessions.hasCookie(request) { response.headers[.setCookie] = sessions.clearCookie() }
            return response
        }
        return try JSONResponse.make(
            SessionState(signedIn: true, expires: Millis.iso8601(session.expires * 1000), csrfToken: sessions.csrfToken(session)))
    }

    func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        try sessions.checkOrigin(request)
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError(.unsupportedMediaType, "unsupported-media-type", #"send {"token": "…"} as application/json"#)
        }
        struct Body: Decodable { var token: String }
        let buffer = try await request.body.collect(upTo: 16 << 10)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView)) else {
            throw APIError.badRequest(#"the body must be {"token": "…"}"#)
        }
        let now = clock.nowMillis() / 1000
        guard sessions.signInAllowed(now: now) else {
            throw APIError(
                .tooManyRequests, "too-many-attempts", "too many failed sign-ins; wait a minute",
                headers: [.retryAfter: String(SessionKeeper.failureWindowSeconds)])
        }
        guard let apiToken, ConstantTime.equal(body.token, apiToken) else {
            sessions.recordFailure(now: now)
            throw APIError(.unauthorized, "unauthorized", "the token is not accepted")
        }
        let (session, value) = sessions.issue(now: now)
        context.logger.info("signed in", metadata: ["session": "\(session.shortId)"])
        var response = try JSONResponse.make(
            SessionState(signedIn: true, expires: Millis.iso8601(session.expires * 1000), csrfToken: sessions.csrfToken(session)))
        response.headers[.setCookie] = sessions.setCookie(value)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func signOut(_ request: Request) throws -> Response {
        let now = clock.nowMillis() / 1000
        if let session = sessions.session(of: request, now: now) {
            try sessions.checkChange(request, session: session)
            sessions.revoke(session, now: now)
        }
        var response = try JSONResponse.make(SessionState(signedIn: false))
        response.headers[.setCookie] = sessions.clearCookie()
        return response
    }
}

/// Headers every response carries: no MIME sniffing, no referrer (links may be signed), no
/// framing, and for anything that is not the page a policy that allows nothing.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        response.headers[Self.frameOptions] = "DENY"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        return response
    }
}
