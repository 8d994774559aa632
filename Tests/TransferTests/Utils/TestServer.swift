import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real Hummingbird server on 127.0.0.1 (port 0) serving the fixtures the transfer tests need.
///
/// Routes:
/// - `GET /file`: ``TestServer/payload`` with `Range: bytes=N-[M]` support (206 + Content-Range, 416).
/// - `GET /norange`: the payload, always 200 (ignores Range).
/// - `GET /badrange`: when asked for a range, a 206 whose Content-Range starts at 0 (wrong).
/// - `GET /truncated`: declares the full Content-Length, sends half, then drops the connection.
/// - `GET /flaky`: like `/truncated` on the first request, then like `/file`.
/// - `GET /status/{code}`: that status with a short body.
/// - `GET /slow`: 64 KiB at once, then one byte every 100 ms.
/// - `GET /redirect/{n}`: a chain of n 302s ending in 200 "done".
/// - `GET|POST|PUT|DELETE /echo`: JSON echo of method, headers and body.
/// - `GET /big?size=N`: N bytes, 200.
struct TestServer: Sendable {
    /// Deterministic, non-repeating-looking payload (3 MiB + 123 bytes).
    static let payload: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<(3 * 1024 * 1024 + 123)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }()

    static let payloadSHA256: String = sha256Hex(payload)

    static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    let port: Int
    let log: RequestLog

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts a server, runs `body`, then shuts the server down gracefully.
    @discardableResult
    static func with<T: Sendable>(_ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        let log = RequestLog()
        let router = buildRouter(log: log)
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "transfer-test-server", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let group = ServiceGroup(
            services: [app],
            gracefulShutdownSignals: [],
            logger: Logger(label: "transfer-test-group", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await group.triggerGracefulShutdown()
                throw TestServerError()
            }
            let server = TestServer(port: port, log: log)
            do {
                let result = try await body(server)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    struct TestServerError: Error {}

    static func buildRouter(log: RequestLog) -> Router<BasicRequestContext> {
        let router = Router()
        let payload = Self.payload

        router.get("/file") { request, _ -> Response in
            log.record(request)
            return rangedResponse(payload, rangeHeader: request.headers[.range])
        }
        router.get("/norange") { request, _ -> Response in
            log.record(request)
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: payload)))
        }
        router.get("/badrange") { request, _ -> Response in
            log.record(request)
            guard request.headers[.range] != nil else {
                return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: payload)))
            }
            var headers = HTTPFields()
            headers[.contentRange] = "bytes 0-\(payload.count - 1)/\(payload.count)"
            return Response(status: .partialContent, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: payload)))
        }
        router.get("/truncated") { request, _ -> Response in
            log.record(request)
            return truncatedResponse(payload)
        }
        router.get("/flaky") { request, _ -> Response in
            log.record(request)
            if log.entries(for: "/flaky").count == 1 { return truncatedResponse(payload) }
            return rangedResponse(payload, rangeHeader: request.headers[.range])
        }
        router.get("/status/{code}") { request, context -> Response in
            log.record(request)
            let code = try context.parameters.require("code", as: Int.self)
            return Response(
                status: .init(code: code),
                body: ResponseBody(byteBuffer: ByteBuffer(string: "error \(code)"))
            )
        }
        router.get("/slow") { request, _ -> Response in
            log.record(request)
            let burst = 64 * 1024
            return Response(
                status: .ok,
                body: ResponseBody(contentLength: 1024 * 1024) { writer in
                    try await writer.write(ByteBuffer(bytes: payload[0..<burst]))
                    // Trickle for at most ~30 s; a write to a closed connection ends it sooner.
                    for index in 0..<300 {
                        try await Task.sleep(for: .milliseconds(100))
                        try await writer.write(ByteBuffer(bytes: [payload[burst + index]]))
                    }
                    throw CancellationError()
                }
            )
        }
        router.get("/redirect/{n}") { request, context -> Response in
            log.record(request)
            let remaining = try context.parameters.require("n", as: Int.self)
            if remaining <= 0 {
                return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "done")))
            }
            var headers = HTTPFields()
            headers[.location] = "/redirect/\(remaining - 1)"
            return Response(status: .found, headers: headers)
        }
        router.get("/big") { request, _ -> Response in
            log.record(request)
            let size = request.uri.queryParameters.get("size", as: Int.self) ?? 0
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: 0x61, count: size)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("/echo", method: method) { request, _ -> Response in
                log.record(request)
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                var headers: [String: String] = [:]
                for field in request.headers {
                    headers[field.name.canonicalName] = (headers[field.name.canonicalName].map { $0 + ", " } ?? "") + field.value
                }
                let echo = Echo(
                    method: request.method.rawValue,
                    query: request.uri.query ?? "",
                    headers: headers,
                    body: String(buffer: body)
                )
                let json = try JSONEncoder().encode(echo)
                var responseHeaders = HTTPFields()
                responseHeaders[.contentType] = "application/json"
                responseHeaders[values: .setCookie] = ["a=one", "b=two"]
                return Response(status: .ok, headers: responseHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
            }
        }
        return router
    }

    /// 200 with the payload, or 206/416 honouring `Range: bytes=N-[M]`.
    static func rangedResponse(_ payload: [UInt8], rangeHeader: String?) -> Response {
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        guard let rangeHeader, rangeHeader.hasPrefix("bytes=") else {
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: payload)))
        }
        let spec = rangeHeader.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        let start = Int(spec.first ?? "") ?? 0
        let end = spec.count > 1 ? (Int(spec[1]) ?? payload.count - 1) : payload.count - 1
        guard start < payload.count else {
            headers[.contentRange] = "bytes */\(payload.count)"
            return Response(status: .rangeNotSatisfiable, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "no")))
        }
        let last = min(end, payload.count - 1)
        headers[.contentRange] = "bytes \(start)-\(last)/\(payload.count)"
        return Response(
            status: .partialContent,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: payload[start...last]))
        )
    }

    /// Declares the whole payload's length, sends the first half, then fails the body so
    /// the server drops the connection.
    static func truncatedResponse(_ payload: [UInt8]) -> Response {
        Response(
            status: .ok,
            body: ResponseBody(contentLength: payload.count) { writer in
                try await writer.write(ByteBuffer(bytes: payload[0..<(payload.count / 2)]))
                throw TruncatedBody()
            }
        )
    }

    struct TruncatedBody: Error {}
}

/// What `/echo` returns.
struct Echo: Codable, Sendable {
    var method: String
    var query: String
    var headers: [String: String]
    var body: String
}

/// Every request the test server saw: path and Range header.
final class RequestLog: Sendable {
    struct Entry: Sendable {
        var path: String
        var range: String?
    }

    private let storage = Mutex<[Entry]>([])

    /// Records `request`; returns the number of requests recorded so far.
    @discardableResult
    func record(_ request: Request) -> Int {
        storage.withLock {
            $0.append(Entry(path: request.uri.path, range: request.headers[.range]))
            return $0.count
        }
    }

    var entries: [Entry] { storage.withLock { $0 } }

    func entries(for path: String) -> [Entry] { entries.filter { $0.path == path } }
}
