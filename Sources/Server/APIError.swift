public import HTTPTypes
public import Hummingbird
import Foundation
import NIOCore

/// An error the API answers with: a status and `{"error": {"code", "message"}}`.
///
/// Messages are written for the caller: they never carry a stack trace, a path of the machine, a
/// token or a signature.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code, such as `not-found`.
    public var code: String
    /// What went wrong, for people.
    public var message: String
    /// Extra headers (`Retry-After`, `Content-Range`, `WWW-Authenticate`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = try JSONEncoder().encode(["error": ["code": code, "message": message]])
        let buffer = ByteBuffer(bytes: body)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: buffer))
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not-found", message) }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad-request", message) }
}
