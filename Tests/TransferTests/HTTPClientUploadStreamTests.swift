import Foundation
import Testing
import Transfer

@Suite("HTTPClient file bodies, streamed responses and SigV4 options")
struct HTTPClientUploadStreamTests {
    @Test("a byte range of a file is sent as the body, with its length and content type")
    func fileRangeBody() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    try writeFile(path, Array("0123456789abcdefghij".utf8))
                    var request = HTTPRequest(method: .put, url: server.url("/echo"))
                    request.fileBody = HTTPFileBody(path: path, offset: 5, length: 10, contentType: "text/plain")
                    let response = try await client.send(request)
                    let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                    #expect(echo.method == "PUT")
                    #expect(echo.body == "56789abcde")
                    #expect(echo.headers["content-length"] == "10")
                    #expect(echo.headers["content-type"] == "text/plain")
                    #expect(echo.headers["expect"] == nil)

                    var post = HTTPRequest(method: .post, url: server.url("/echo"))
                    post.fileBody = HTTPFileBody(path: path, offset: 15)
                    let posted = try JSONDecoder().decode(Echo.self, from: Data(try await client.send(post).body))
                    #expect(posted.method == "POST")
                    #expect(posted.body == "fghij")
                }
            }
        }
    }

    @Test("a file body beyond the file's end, or with an in-memory body too, is refused before sending")
    func invalidFileBodies() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    try writeFile(path, [1, 2, 3])
                    var tooLong = HTTPRequest(method: .put, url: server.url("/echo"))
                    tooLong.fileBody = HTTPFileBody(path: path, offset: 1, length: 3)
                    let error = try await #require(throws: TransferError.self) { try await client.send(tooLong) }
                    #expect(error.code == .invalidRequest)

                    var both = HTTPRequest(method: .put, url: server.url("/echo"), body: .text("x"))
                    both.fileBody = HTTPFileBody(path: path)
                    await #expect(throws: TransferError.self) { try await client.send(both) }

                    var missing = HTTPRequest(method: .put, url: server.url("/echo"))
                    missing.fileBody = HTTPFileBody(path: path + ".missing")
                    let missingError = try await #require(throws: TransferError.self) { try await client.send(missing) }
                    #expect(missingError.code == .fileSystem)
                    #expect(server.log.entries(for: "/echo").isEmpty)
                }
            }
        }
    }

    @Test("stream hands a 2xx body to the sink in order and passes Range through")
    func streamedBody() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                var received: [UInt8] = []
                let response = try await client.stream(.get(server.url("/file"))) { received.append(contentsOf: $0) }
                #expect(response.status == 200)
                #expect(response.body.isEmpty)
                #expect(received == TestServer.payload)

                var part: [UInt8] = []
                let ranged = try await client.stream(.get(server.url("/file"), headers: ["Range": "bytes=100-199"])) { part.append(contentsOf: $0) }
                #expect(ranged.status == 206)
                #expect(part == Array(TestServer.payload[100...199]))
            }
        }
    }

    @Test("stream keeps a non-2xx body for the caller instead of streaming it")
    func streamedError() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                let response = try await client.stream(.get(server.url("/status/404"))) { _ in Issue.record("no bytes expected") }
                #expect(response.status == 404)
                #expect(response.bodyText == "error 404")
            }
        }
    }

    @Test("a signed request refuses empty header values and never shows its secret")
    func signingOptions() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                var request = HTTPRequest.get(server.url("/echo"), headers: ["x-amz-content-sha256": "UNSIGNED-PAYLOAD", "X-Empty": ""])
                request.awsSigV4 = AWSSigV4(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "very-secret-value", region: "us-east-1", service: "s3")
                #expect(!"\(request)".contains("very-secret-value"))
                let error = try await #require(throws: TransferError.self) { try await client.send(request) }
                #expect(error.code == .invalidRequest)

                request.headers["X-Empty"] = nil
                let response = try await client.send(request)
                let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                let authorization = try #require(echo.headers["authorization"])
                #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
                #expect(authorization.contains("/us-east-1/s3/aws4_request"))
                #expect(!authorization.contains("very-secret-value"))
                #expect(echo.headers["x-amz-date"] != nil)
            }
        }
    }
}
