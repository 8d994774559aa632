import Foundation
import Testing
import Transfer

@Suite("HTTPClient requests against a live local server")
struct HTTPClientRequestTests {
    @Test("GET sends headers and query; response headers are case-insensitive and multi-valued")
    func getRoundTrip() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                let response = try await client.send(.get(server.url("/echo?page=2"), headers: ["X-Test": "abc", "Accept": "application/json"]))
                #expect(response.status == 200)
                #expect(response.headers["CONTENT-TYPE"] == "application/json")
                #expect(response.headers.values(for: "SET-cookie") == ["a=one", "b=two"])
                let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                #expect(echo.method == "GET")
                #expect(echo.query == "page=2")
                #expect(echo.headers["x-test"] == "abc")
                #expect(echo.headers["accept"] == "application/json")
                #expect(echo.body.isEmpty)
            }
        }
    }

    @Test("POST form body is url-encoded with its content type")
    func postForm() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                let request = HTTPRequest.post(server.url("/echo"), body: .form([("grant_type", "password"), ("note", "a b&c=d/é")]))
                let response = try await client.send(request)
                let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                #expect(echo.method == "POST")
                #expect(echo.headers["content-type"] == "application/x-www-form-urlencoded")
                #expect(echo.body == "grant_type=password&note=a+b%26c%3Dd%2F%C3%A9")
                #expect(echo.headers["expect"] == nil)
            }
        }
    }

    @Test("POST JSON body round-trips")
    func postJSON() async throws {
        struct Payload: Codable, Equatable { var name: String; var count: Int }
        try await TestServer.with { server in
            try await withTestClient { client in
                let payload = Payload(name: "recording", count: 3)
                let response = try await client.send(.post(server.url("/echo"), body: try .json(payload)))
                let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                #expect(echo.headers["content-type"] == "application/json")
                #expect(try JSONDecoder().decode(Payload.self, from: Data(echo.body.utf8)) == payload)
            }
        }
    }

    @Test("PUT and DELETE use their methods")
    func putAndDelete() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                let put = try await client.send(.put(server.url("/echo"), body: .text("replace me")))
                let putEcho = try JSONDecoder().decode(Echo.self, from: Data(put.body))
                #expect(putEcho.method == "PUT")
                #expect(putEcho.body == "replace me")
                #expect(putEcho.headers["content-type"] == "text/plain; charset=utf-8")

                let delete = try await client.send(.delete(server.url("/echo")))
                let deleteEcho = try JSONDecoder().decode(Echo.self, from: Data(delete.body))
                #expect(deleteEcho.method == "DELETE")
                #expect(deleteEcho.body.isEmpty)
            }
        }
    }

    @Test("an HTTP 500 is returned, not thrown; requireSuccess throws HTTPStatusError")
    func serverErrorIsAResponse() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                let response = try await client.send(.get(server.url("/status/500")))
                #expect(response.status == 500)
                #expect(response.bodyText == "error 500")
                #expect(throws: HTTPStatusError.self) { try response.requireSuccess() }
                do throws(HTTPStatusError) {
                    try response.requireSuccess()
                } catch {
                    #expect(error.status == 500)
                }
            }
        }
    }

    @Test("connection refused is a transport error with curl's code, distinct from HTTP statuses")
    func connectionRefused() async throws {
        let port = closedLoopbackPort()
        try await withTestClient { client in
            do {
                _ = try await client.send(.get("http://127.0.0.1:\(port)/nothing"))
                Issue.record("expected a TransferError")
            } catch let error as TransferError {
                #expect(error.code == .connectionFailed)
                #expect(error.curlCode == 7)  // CURLE_COULDNT_CONNECT
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("https is always verified: TLS to a plain-HTTP port fails as a TLS error")
    func tlsIsAttempted() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                var request = HTTPRequest.get(server.url("/echo").replacingOccurrences(of: "http://", with: "https://"))
                // The handshake's failure is the point, not its speed: a loaded machine may take
                // longer than the default connect timeout to answer the ClientHello.
                request.timeouts = TransferTimeouts(connect: .seconds(300))
                do {
                    _ = try await client.send(request)
                    Issue.record("expected a TLS failure")
                } catch let error as TransferError {
                    #expect(error.code == .tlsFailure)
                    #expect(error.curlCode == 35)  // CURLE_SSL_CONNECT_ERROR
                }
            }
        }
    }

    @Test("redirects are followed up to the limit and refused beyond it")
    func redirectLimit() async throws {
        try await TestServer.with { server in
            try await withTestClient(HTTPClient.Configuration(maximumRedirects: 3, maximumConcurrentTransfers: 1)) { client in
                let ok = try await client.send(.get(server.url("/redirect/3")))
                #expect(ok.status == 200)
                #expect(ok.bodyText == "done")
                #expect(ok.effectiveURL.hasSuffix("/redirect/0"))
                do {
                    _ = try await client.send(.get(server.url("/redirect/5")))
                    Issue.record("expected tooManyRedirects")
                } catch let error as TransferError {
                    #expect(error.code == .tooManyRedirects)
                    #expect(error.curlCode == 47)  // CURLE_TOO_MANY_REDIRECTS
                }
                // 1 + 4 requests for the chain of 3, then 1 + 3 followed before giving up.
                #expect(server.log.entries.filter { $0.path.hasPrefix("/redirect/") }.count == 8)
            }
        }
    }

    @Test("an in-memory body larger than the limit fails with responseTooLarge")
    func bodyLimit() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                var request = HTTPRequest.get(server.url("/big?size=5000"))
                request.maximumResponseBodySize = 1000
                await #expect {
                    try await client.send(request)
                } throws: { error in
                    (error as? TransferError)?.code == .responseTooLarge
                }
                request.maximumResponseBodySize = 5000
                let response = try await client.send(request)
                #expect(response.body.count == 5000)
            }
        }
    }

    @Test("a second request reuses the kept-alive connection")
    func connectionReuse() async throws {
        try await TestServer.with { server in
            try await withTestClient(HTTPClient.Configuration(maximumConcurrentTransfers: 1)) { client in
                let first = try await client.send(.get(server.url("/echo")))
                let second = try await client.send(.get(server.url("/echo")))
                #expect(first.connectionReused == false)
                #expect(second.connectionReused == true)
                #expect(second.httpVersion == "1.1")
            }
        }
    }

    @Test("requests after shutdown fail with clientShutdown")
    func shutdownClient() async throws {
        let client = HTTPClient()
        try await client.shutdown()
        await #expect {
            try await client.send(.get("http://127.0.0.1:1/"))
        } throws: { error in
            (error as? TransferError)?.code == .clientShutdown
        }
    }

    @Test("a header value with a line break is rejected before sending")
    func headerInjection() async throws {
        try await withTestClient { client in
            await #expect {
                try await client.send(.get("http://127.0.0.1:1/", headers: ["X-Bad": "a\r\nInjected: yes"]))
            } throws: { error in
                (error as? TransferError)?.code == .invalidRequest
            }
        }
    }
}
