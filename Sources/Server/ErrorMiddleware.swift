import Hummingbird
import Logging
import NIOCore

/// Answers every failure as `{"error": {"code", "message"}}`: API and Hummingbird errors with their
/// status, anything else as a 500 that says nothing of the machine (the cause goes to the log).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try APIError(.contentTooLarge, "too-large", "the body is larger than 1 MiB").response(from: request, context: context)
        } catch let error as HTTPError {
            let code: String
            switch error.status {
            case .contentTooLarge: code = "too-large"
            case .notFound: code = "not-found"
            case .methodNotAllowed: code = "method-not-allowed"
            case .badRequest: code = "bad-request"
            default: code = "http-\(error.status.code)"
            }
            let message = error.status == .contentTooLarge ? "the body is larger than 1 MiB" : (error.body ?? error.status.reasonPhrase)
            return try APIError(error.status, code, message, headers: error.headers).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))", "detail": "\(error)"])
            return try APIError(.internalServerError, "internal", "the request failed; the server log has the details")
                .response(from: request, context: context)
        }
    }
}
