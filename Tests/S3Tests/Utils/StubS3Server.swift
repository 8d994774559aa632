import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A tiny HTTP server that answers like a misbehaving S3 endpoint, for the failure paths a
/// real server will not produce on demand:
/// - `GET /bucket?list-type=2…`: 503 `SlowDown` with `Retry-After: 0`;
/// - `POST /bucket/key?uploads`: an `UploadId`;
/// - `PUT /bucket/key?partNumber=…`: 500 `InternalError` (after 3 s without reading the body
///   when the key contains `slow`);
/// - `DELETE /bucket/key?uploadId=…`: 204.
/// Every request is recorded as `METHOD path?query`.
struct StubS3Server: Sendable {
    let port: Int
    let log: Log

    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func record(_ request: Request) { entries.withLock { $0.append("\(request.method) \(request.uri.path)?\(request.uri.query ?? "")") } }
        var all: [String] { entries.withLock { $0 } }
    }

    static func xml(_ status: HTTPResponse.Status, _ text: String, retryAfter: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        if retryAfter { headers[.retryAfter] = "0" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func with<T: Sendable>(_ body: @Sendable (StubS3Server) async throws -> T) async throws -> T {
        let log = Log()
        let router = Router()
        router.get("/**") { request, _ -> Response in
            log.record(request)
            return Self.xml(.serviceUnavailable, "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>", retryAfter: true)
        }
        router.post("/**") { request, _ -> Response in
            log.record(request)
            return Self.xml(.ok, "<InitiateMultipartUploadResult><UploadId>stub-upload</UploadId></InitiateMultipartUploadResult>")
        }
        router.put("/**") { request, _ -> Response in
            log.record(request)
            if request.uri.path.contains("slow") {
                // Do not read the body for a while: the upload stalls in flight.
                try? await Task.sleep(for: .seconds(3))
                return Self.xml(.internalServerError, "<Error><Code>InternalError</Code></Error>")
            }
            var request = request
            _ = try await request.collectBody(upTo: 64 << 20)
            return Self.xml(.internalServerError, "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")
        }
        router.delete("/**") { request, _ -> Response in
            log.record(request)
            return Response(status: .noContent)
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "s3-stub", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "s3-stub-group", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await group.triggerGracefulShutdown()
                throw S3TestServerError(message: "the stub server did not start")
            }
            do {
                let result = try await body(StubS3Server(port: port, log: log))
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
}
