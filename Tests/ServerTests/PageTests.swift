import Foundation
import JobQueue
@testable import Server
import Testing
import Transfer

/// The operator page over real sockets: its files and their security headers, the sign-in that
/// trades the API token for a session cookie, the cookie on the API, CSRF on changes, sign-out,
/// expiry, and the operations routes the page uses.
@Suite("Operator page")
struct PageTests {
    /// Signs in; returns the cookie (`name=value`) and the CSRF token.
    static func signIn(_ h: ServerHarness, token: String = ServerHarness.apiToken) async throws -> (cookie: String, csrf: String, response: HTTPResponse) {
        let body = try JSONEncoder().encode(["token": token])
        let response = try await h.post("/session", body: Array(body), headers: ["Content-Type": "application/json"])
        let setCookie = response.headers["Set-Cookie"] ?? ""
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        let csrf = ServerHarness.json(response)["csrfToken"] as? String ?? ""
        return (cookie, csrf, response)
    }

    static func send(_ h: ServerHarness, _ method: String, _ path: String, headers: HTTPHeaders) async throws -> HTTPResponse {
        switch method {
        case "POST": return try await h.http.send(HTTPRequest.post(h.base + path, headers: headers, body: nil))
        case "DELETE": return try await h.http.send(HTTPRequest.delete(h.base + path, headers: headers))
        default: return try await h.http.send(HTTPRequest.get(h.base + path, headers: headers))
        }
    }

    static func code(_ response: HTTPResponse) -> String? {
        (ServerHarness.json(response)["error"] as? [String: Any])?["code"] as? String
    }

    @Test func thePageAndItsFilesCarryAStrictPolicy() async throws {
        try await withServer { h in
            let page = try await h.get("/", authorized: false)
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
            #expect(page.bodyText.contains("/ui/app.js"))
            let policy = page.headers["Content-Security-Policy"] ?? ""
            #expect(policy.contains("default-src 'self'"))
            #expect(policy.contains("script-src 'self'"))
            #expect(policy.contains("style-src 'self'"))
            #expect(policy.contains("media-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(!policy.contains("unsafe-eval"))
            #expect(page.headers["X-Content-Type-Options"] == "nosniff")
            #expect(page.headers["Referrer-Policy"] == "no-referrer")
            #expect(page.headers["X-Frame-Options"] == "DENY")
            // No inline script or style in the shell: the policy would block it.
            #expect(!page.bodyText.contains("<script>"))
            #expect(!page.bodyText.contains("style="))
            #expect(!page.bodyText.contains("<style"))

            for (file, type) in [("app.js", "text/javascript"), ("search.js", "text/javascript"), ("style.css", "text/css"), ("icon.svg", "image/svg+xml")] {
                let response = try await h.get("/ui/" + file, authorized: false)
                #expect(response.status == 200, "\(file)")
                #expect(response.headers["Content-Type"]?.hasPrefix(type) == true, "\(file)")
                #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            }
            #expect(try await h.get("/ui/nothing.js", authorized: false).status == 404)
            #expect(try await h.get("/ui/..%2Fopenapi.yaml", authorized: false).status == 404)
            // The API's answers forbid everything a page could do with them.
            let api = try await h.get("/recordings")
            #expect(api.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'")
            #expect(api.headers["X-Content-Type-Options"] == "nosniff")
        }
    }

    @Test func signInTradesTheTokenForAStrictHttpOnlyCookie() async throws {
        try await withServer { h in
            let wrong = try await Self.signIn(h, token: "not-the-token")
            #expect(wrong.response.status == 401)
            #expect(wrong.response.headers["Set-Cookie"] == nil)

            let form = try await h.http.send(
                HTTPRequest.post(h.base + "/session", body: .form([("token", ServerHarness.apiToken)])))
            #expect(form.status == 415)
            #expect(form.headers["Set-Cookie"] == nil)
            let garbage = try await h.post("/session", body: Array("{".utf8), headers: ["Content-Type": "application/json"])
            #expect(garbage.status == 400)

            let (cookie, csrf, response) = try await Self.signIn(h)
            #expect(response.status == 200)
            let setCookie = response.headers["Set-Cookie"] ?? ""
            #expect(cookie.hasPrefix("callvault_session="))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Path=/"))
            #expect(setCookie.contains("Max-Age="))
            #expect(!setCookie.contains("Secure"), "plain http: a Secure cookie would never come back")
            #expect(!setCookie.contains(ServerHarness.apiToken))
            #expect(!response.bodyText.contains(ServerHarness.apiToken))
            #expect(response.headers["Cache-Control"] == "no-store")
            #expect(csrf.count >= 40)

            // The cookie opens the API and the session state; nothing else is needed.
            let state = try await h.get("/session", headers: ["Cookie": cookie], authorized: false)
            #expect(ServerHarness.json(state)["signedIn"] as? Bool == true)
            #expect(ServerHarness.json(state)["csrfToken"] as? String == csrf)
            #expect(try await h.get("/recordings", headers: ["Cookie": cookie], authorized: false).status == 200)
            #expect(try await h.get("/search?q=refund", headers: ["Cookie": cookie], authorized: false).status == 200)
            #expect(try await h.get("/ops/queue", headers: ["Cookie": "other=1; " + cookie], authorized: false).status == 200)

            // Signed out: no data, and the state says so.
            let anonymous = try await h.get("/session", authorized: false)
            #expect(ServerHarness.json(anonymous)["signedIn"] as? Bool == false)
            #expect(ServerHarness.json(anonymous)["csrfToken"] == nil)
            #expect(try await h.get("/recordings", authorized: false).status == 401)

            // A tampered or foreign cookie is refused and says the session is over.
            let value = cookie.dropFirst("callvault_session=".count)
            let parts = value.split(separator: ".")
            let later = "callvault_session=\(parts[0]).\(Int64(parts[1])! + 86_400).\(parts[2])"
            for forged in [later, "callvault_session=abc", "callvault_session=\(parts[0]).\(parts[1]).\(String(repeating: "A", count: 43))"] {
                let refused = try await h.get("/recordings", headers: ["Cookie": forged], authorized: false)
                #expect(refused.status == 401, "\(forged)")
                #expect(Self.code(refused) == "session-expired")
                let stateNow = try await h.get("/session", headers: ["Cookie": forged], authorized: false)
                #expect(ServerHarness.json(stateNow)["signedIn"] as? Bool == false)
                #expect(stateNow.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
            }
        }
    }

    @Test func changesWithTheCookieNeedTheCSRFTokenAndOurOrigin() async throws {
        try await withServer { h in
            let (cookie, csrf, _) = try await Self.signIn(h)
            let job = try await h.queue.enqueue(JobRequest(kind: NoopJob.kind, payload: #"{"dead_times": 1}"#))
            try await h.drain()
            #expect(try await h.queue.job(job.id)?.state == .dead)

            let path = "/ops/jobs/\(job.id)/retry"
            let missing = try await Self.send(h, "POST", path, headers: ["Cookie": cookie])
            #expect(missing.status == 403)
            #expect(Self.code(missing) == "csrf")
            let wrong = try await Self.send(h, "POST", path, headers: ["Cookie": cookie, "X-Callvault-CSRF": String(csrf.reversed())])
            #expect(wrong.status == 403)
            let foreign = try await Self.send(
                h, "POST", path, headers: ["Cookie": cookie, "X-Callvault-CSRF": csrf, "Origin": "https://evil.example"])
            #expect(foreign.status == 403)
            #expect(try await h.queue.job(job.id)?.state == .dead, "nothing changed")

            let base = URL(string: h.base)!
            let accepted = try await Self.send(
                h, "POST", path, headers: ["Cookie": cookie, "X-Callvault-CSRF": csrf, "Origin": "http://\(base.host!):\(base.port!)"])
            #expect(accepted.status == 200)
            #expect(ServerHarness.json(accepted)["state"] as? String == "available")
            try await h.drain()
            let done = try await h.get("/ops/jobs/\(job.id)", headers: ["Cookie": cookie], authorized: false)
            #expect(ServerHarness.json(done)["state"] as? String == "completed")

            // Retrying a finished job is a conflict; an unknown one is not found.
            #expect(try await Self.send(h, "POST", path, headers: ["Cookie": cookie, "X-Callvault-CSRF": csrf]).status == 409)
            #expect(try await Self.send(h, "POST", "/ops/jobs/999999/retry", headers: ["Cookie": cookie, "X-Callvault-CSRF": csrf]).status == 404)

            // The bearer token needs no CSRF token (no browser sends it by itself).
            let bearer = try await Self.send(h, "POST", path, headers: ["Authorization": "Bearer \(ServerHarness.apiToken)"])
            #expect(bearer.status == 409)

            // Sign-in from another origin is refused.
            let body = Array(try JSONEncoder().encode(["token": ServerHarness.apiToken]))
            let crossSite = try await h.post("/session", body: body, headers: ["Content-Type": "application/json", "Origin": "https://evil.example"])
            #expect(crossSite.status == 403)
            #expect(crossSite.headers["Set-Cookie"] == nil)
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await withServer { h in
            let (cookie, csrf, _) = try await Self.signIn(h)
            #expect(try await h.get("/recordings", headers: ["Cookie": cookie], authorized: false).status == 200)
            // Signing out is a change: it needs the CSRF token.
            let forged = try await Self.send(h, "DELETE", "/session", headers: ["Cookie": cookie])
            #expect(forged.status == 403)
            #expect(try await h.get("/recordings", headers: ["Cookie": cookie], authorized: false).status == 200)

            let out = try await Self.send(h, "DELETE", "/session", headers: ["Cookie": cookie, "X-Callvault-CSRF": csrf])
            #expect(out.status == 200)
            #expect(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
            let after = try await h.get("/recordings", headers: ["Cookie": cookie], authorized: false)
            #expect(after.status == 401)
            #expect(Self.code(after) == "session-expired")
            #expect(ServerHarness.json(try await h.get("/session", headers: ["Cookie": cookie], authorized: false))["signedIn"] as? Bool == false)
        }
    }

    @Test func cookiesAreSecureBehindAnHTTPSPublicURL() async throws {
        try await withServer(environment: ["CALLVAULT_PUBLIC_URL": "https://calls.example.com"]) { h in
            let (cookie, _, response) = try await Self.signIn(h)
            #expect(cookie.hasPrefix("__Host-callvault_session="))
            #expect(response.headers["Set-Cookie"]?.contains("; Secure") == true)
            let policy = try await h.get("/", authorized: false).headers["Content-Security-Policy"] ?? ""
            #expect(policy.contains("media-src 'self' https://calls.example.com"))
            // The public origin may send changes too.
            let body = Array(try JSONEncoder().encode(["token": ServerHarness.apiToken]))
            let fromPublic = try await h.post(
                "/session", body: body, headers: ["Content-Type": "application/json", "Origin": "https://calls.example.com"])
            #expect(fromPublic.status == 200)
        }
    }

    @Test func sessionsExpireAndDieWithTheToken() {
        let secret = Array(repeating: UInt8(3), count: 32)
        let keeper = SessionKeeper(secret: secret, apiToken: "token-a", lifetimeSeconds: 600, publicURL: nil)
        let (session, value) = keeper.issue(now: 1_000)
        #expect(session.expires == 1_600)
        #expect(keeper.verify(value, now: 1_599) == session)
        #expect(keeper.verify(value, now: 1_600) == nil, "expired at its expiry")
        // Another token (or another secret) makes every cookie worthless.
        #expect(SessionKeeper(secret: secret, apiToken: "token-b", lifetimeSeconds: 600, publicURL: nil).verify(value, now: 1_100) == nil)
        #expect(SessionKeeper(secret: Array(repeating: 4, count: 32), apiToken: "token-a", lifetimeSeconds: 600, publicURL: nil)
            .verify(value, now: 1_100) == nil)
        keeper.revoke(session, now: 1_100)
        #expect(keeper.verify(value, now: 1_100) == nil)
        // Failed sign-ins are limited per minute.
        for _ in 0..<SessionKeeper.maximumFailures { keeper.recordFailure(now: 2_000) }
        #expect(!keeper.signInAllowed(now: 2_030))
        #expect(keeper.signInAllowed(now: 2_061))
    }

    @Test func theOperationsRoutesShowTheQueueBudgetsAndSync() async throws {
        try await withServer { h in
            let job = try await h.queue.enqueue(JobRequest(kind: NoopJob.kind, payload: #"{"dead_times": 1}"#))
            try await h.drain()
            let queue = ServerHarness.json(try await h.get("/ops/queue"))
            let dead = queue["dead"] as? [[String: Any]] ?? []
            #expect(dead.contains { ($0["id"] as? Int).map(Int64.init) == job.id && ($0["lastError"] as? String)?.contains("planned permanent") == true })
            #expect((queue["totals"] as? [String: Int])?["dead"] == 1)
            let budgets = ServerHarness.json(try await h.get("/ops/budgets"))["budgets"] as? [[String: Any]] ?? []
            #expect(budgets.contains { $0["key"] as? String == "ringcentral:heavy" })
            let sync = ServerHarness.json(try await h.get("/ops/sync"))
            #expect(sync["ringCentralConfigured"] as? Bool == true)
            #expect((sync["subscription"] as? [String: Any])?["managed"] as? Bool == false)
            #expect(try await h.get("/ops/jobs/abc").status == 404)
            #expect(try await h.get("/ops/queue", authorized: false).status == 401)
        }
    }
}
