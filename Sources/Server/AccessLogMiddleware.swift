import Dispatch
import Hummingbird
import Logging

/// One log line per request: method, path (never the query, which may hold a signature), status,
/// the Range asked for, bytes and time. Tokens, cookies and signatures never reach it.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        // Nothing to build when the line would not be written (the default level is warning).
        guard logger.logLevel <= .info else { return try await next(request, context) }
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        var metadata: Logger.Metadata = [
            "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
            "ms": "\((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)",
        ]
        if let range = request.headers[.range] { metadata["range"] = "\(range)" }
        if let access = context.access { metadata["access"] = "\(access.description)" }
        logger.info("request", metadata: metadata)
        return response
    }
}
