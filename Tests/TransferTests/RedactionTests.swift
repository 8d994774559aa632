import Logging
import Testing
import Transfer

@Suite("Secrets never appear in descriptions")
struct RedactionTests {
    @Test("transport errors redact access_token and never include Authorization")
    func transportErrorRedaction() async throws {
        let port = closedLoopbackPort()
        try await withTestClient { client in
            let request = HTTPRequest.get(
                "http://127.0.0.1:\(port)/media?access_token=SECRET-QUERY-123&page=2",
                headers: ["Authorization": "Bearer SECRET-HEADER-456"]
            )
            do {
                _ = try await client.send(request)
                Issue.record("expected a TransferError")
            } catch let error as TransferError {
                let text = "\(error) \(error.url ?? "") \(error.message) \(String(reflecting: error))"
                #expect(!text.contains("SECRET-QUERY-123"))
                #expect(!text.contains("SECRET-HEADER-456"))
                #expect(error.url == "http://127.0.0.1:\(port)/media?access_token=REDACTED&page=2")
                #expect(error.description.contains("access_token=REDACTED"))
            }
        }
    }

    @Test("debug logs of successful and failed requests carry no secrets")
    func logsAreRedacted() async throws {
        let store = CapturingLogHandler.Store()
        var logger = Logger(label: "test", factory: { _ in CapturingLogHandler(store: store) })
        logger.logLevel = .trace
        let configuration = HTTPClient.Configuration(maximumConcurrentTransfers: 1, logger: logger)
        let port = closedLoopbackPort()
        try await TestServer.with { server in
            try await withTestClient(configuration) { client in
                let headers: HTTPHeaders = ["Authorization": "Bearer LOG-SECRET-1"]
                _ = try await client.send(.get(server.url("/echo?access_token=LOG-SECRET-2"), headers: headers))
                _ = try? await client.send(.get("http://127.0.0.1:\(port)/x?access_token=LOG-SECRET-3", headers: headers))
            }
        }
        let lines = store.all
        #expect(lines.count >= 2)
        for line in lines {
            #expect(!line.contains("LOG-SECRET"), "\(line)")
        }
        #expect(lines.contains { $0.contains("access_token=REDACTED") })
    }

    @Test("request descriptions redact Authorization headers and token parameters")
    func requestDescription() {
        let request = HTTPRequest.post(
            "https://user:pw@platform.example.com/restapi/oauth/token?refresh_token=RT-999",
            headers: ["Authorization": "Basic QUJDOkRFRg==", "Accept": "application/json"],
            body: .form([("assertion", "JWT-SECRET")])
        )
        let text = request.description
        #expect(!text.contains("QUJDOkRFRg=="))
        #expect(!text.contains("RT-999"))
        #expect(!text.contains("pw@"))
        #expect(!text.contains("JWT-SECRET"))
        #expect(text.contains("Accept: application/json"))
        #expect(text.contains("Authorization: REDACTED"))
    }

    @Test("URL, header and free-text redaction")
    func redactionRules() {
        #expect(Redaction.redactURL("https://x.example/a?Access_Token=abc&b=1#frag") == "https://x.example/a?Access_Token=REDACTED&b=1#frag")
        #expect(Redaction.redactURL("https://x.example/plain") == "https://x.example/plain")
        #expect(Redaction.redactHeaderValue(name: "authorization", value: "Bearer t") == "REDACTED")
        #expect(Redaction.redactHeaderValue(name: "Accept", value: "x") == "x")
        let text = Redaction.redactSecrets(in: "failed for https://h/p?access_token=tok1 with Authorization: Bearer tok2")
        #expect(!text.contains("tok1"))
        #expect(!text.contains("tok2"))
        let json = Redaction.redactSecrets(in: #"{"access_token":"tok4","token_type":"bearer","code":"invalid_grant"}"#)
        #expect(!json.contains("tok4"))
        #expect(json.contains("invalid_grant"))
        #expect(Redaction.redactSecrets(in: "password: hunter2 ok") == "password: REDACTED ok")
    }

    @Test("HTTP status errors redact the URL")
    func statusErrorRedaction() throws {
        let response = HTTPResponse(status: 401, body: Array("denied".utf8), effectiveURL: "https://h/p?access_token=tok3")
        #expect(throws: HTTPStatusError.self) { try response.requireSuccess() }
        do throws(HTTPStatusError) {
            try response.requireSuccess()
        } catch {
            #expect(!error.description.contains("tok3"))
            #expect(error.status == 401)
        }
    }

    @Test("HTTPHeaders lookups and description")
    func headers() {
        var headers: HTTPHeaders = ["Set-Cookie": "a=1"]
        headers.add(name: "set-cookie", value: "b=2")
        headers["Authorization"] = "Bearer zzz"
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["authorization"] == "Bearer zzz")
        #expect(!headers.description.contains("zzz"))
        #expect(!headers.description.contains("a=1"))
    }
}
