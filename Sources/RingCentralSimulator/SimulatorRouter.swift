import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Builds the simulator's router and wraps every route with throttling, authentication and fault injection.
struct SimulatorRouter: Sendable {
    let simulator: RingCentralSimulator

    static let rateGroupHeader = HTTPField.Name("X-Rate-Limit-Group")!
    static let rateLimitHeader = HTTPField.Name("X-Rate-Limit-Limit")!
    static let rateRemainingHeader = HTTPField.Name("X-Rate-Limit-Remaining")!
    static let rateWindowHeader = HTTPField.Name("X-Rate-Limit-Window")!

    /// The platform listener's routes: everything but recording content.
    func buildRouter() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        AuthController(router: self).addRoutes(to: router)
        CallLogController(router: self).addRoutes(to: router)
        RecordingController(router: self).addPlatformRoutes(to: router)
        SubscriptionController(router: self).addRoutes(to: router)
        AIController(router: self).addRoutes(to: router)
        RingSenseController(router: self).addRoutes(to: router)
        SimulatorControlController(router: self).addRoutes(to: router)
        return router
    }

    /// The media listener's routes: recording content (`GET`, `HEAD`) and nothing else.
    func buildMediaRouter() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        RecordingController(router: self).addMediaRoutes(to: router)
        return router
    }

    /// Runs `handler` behind the rate limiter, the bearer check, the permission check and the generic faults.
    ///
    /// The handler receives the body-shaping fault (truncation, reset, slow body) if one fired for this request, and
    /// the caller's token grant.
    func respond(
        _ request: Request,
        _ spec: RouteSpec,
        recordingId: String? = nil,
        _ handler: (RouteContext) async throws -> Response
    ) async -> Response {
        self.simulator.countRoute(spec.name)
        var rateHeaders = HTTPFields()
        func report(_ decision: RateLimiter.Decision) {
            rateHeaders[Self.rateGroupHeader] = decision.group.rawValue
            rateHeaders[Self.rateLimitHeader] = String(decision.limit)
            rateHeaders[Self.rateRemainingHeader] = String(decision.remaining)
            rateHeaders[Self.rateWindowHeader] = String(decision.window)
        }
        if let group = spec.group {
            let decision = self.simulator.limiter.admit(group)
            report(decision)
            if !decision.allowed {
                return Self.merge(SimulatorError.rateExceeded(retryAfter: decision.retryAfter).response(), rateHeaders)
            }
        }
        do {
            var grant: TokenStore.Grant?
            if spec.authentication != .none {
                grant = try self.authenticate(request, spec: spec, recordingId: recordingId)
            }
            if let permission = spec.permission, let grant, !grant.scope.contains(permission) {
                throw SimulatorError.insufficientPermissions(permission)
            }
            let fault = self.simulator.faults.take(target: spec.target, recordingId: recordingId, auth: false)
            switch fault {
            case .serverError(let status):
                throw SimulatorError.api(
                    HTTPResponse.Status(code: status), code: status == 503 ? "ServiceUnavailable" : "InternalError",
                    message: status == 503 ? "Service temporarily unavailable" : "Internal server error",
                    itemCode: status == 503 ? "CMN-211" : "CMN-201"
                )
            case .serviceUnavailable(let retryAfter):
                throw SimulatorError.serviceUnavailable(retryAfter: retryAfter)
            case .rateLimited, .rateLimitWithoutRetryAfter:
                guard let group = spec.group else { throw SimulatorError.rateExceeded(retryAfter: nil) }
                let decision = self.simulator.limiter.penalize(group, disguised: false)
                report(decision)
                if case .rateLimited = fault {
                    throw SimulatorError.rateExceeded(retryAfter: decision.retryAfter)
                }
                throw SimulatorError.rateExceeded(retryAfter: nil)
            case .notFound:
                throw SimulatorError.notFound(parameter: recordingId == nil ? "resourceId" : "recordingId")
            case .okWithRateLimitBody:
                if let group = spec.group {
                    report(self.simulator.limiter.penalize(group, disguised: true))
                }
                let body = SimulatorError.rateExceeded(retryAfter: nil).body.serialized()
                return Self.merge(
                    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body))),
                    rateHeaders
                )
            case .htmlErrorPageAsAudio:
                let html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream media server returned an invalid response.</p></body></html>"
                return Self.merge(
                    Response(status: .ok, headers: [.contentType: "audio/mpeg"], body: .init(byteBuffer: ByteBuffer(string: html))),
                    rateHeaders
                )
            default:
                return Self.merge(try await handler(RouteContext(fault: fault, grant: grant)), rateHeaders)
            }
        } catch let error as SimulatorError {
            return Self.merge(error.response(), rateHeaders)
        } catch {
            self.simulator.logger.error("Simulator route failed", metadata: ["route": "\(spec.name)", "error": "\(error)"])
            return Self.merge(
                SimulatorError.api(.internalServerError, code: "InternalError", message: "Internal server error", itemCode: "CMN-201").response(),
                rateHeaders
            )
        }
    }

    private static func merge(_ response: Response, _ headers: HTTPFields) -> Response {
        var response = response
        for field in headers {
            response.headers[field.name] = field.value
        }
        return response
    }

    /// Checks the bearer token; throws RingCentral's 401 shapes.
    ///
    /// - Returns: What the token grants.
    func authenticate(_ request: Request, spec: RouteSpec, recordingId: String?) throws -> TokenStore.Grant {
        var token: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw SimulatorError.api(
                    .unauthorized, code: "TokenInvalid", message: "Authorization method not supported",
                    itemCode: "OAU-151", itemMessage: "Authorization method not supported"
                )
            }
            token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        } else if spec.authentication == .bearerOrQuery, let query = request.uri.queryParameters.get("access_token") {
            token = query
        }
        guard let token, !token.isEmpty else {
            throw SimulatorError(status: .unauthorized, body: ["errorCode": "AGW-401", "message": "Authorization header is not specified"])
        }
        var (validity, grant) = self.simulator.tokens.validate(token)
        if validity == .valid, self.simulator.faults.take(target: spec.target, recordingId: recordingId, auth: true) != nil {
            validity = .expired
        }
        switch validity {
        case .valid:
            if let grant { return grant }
            throw SimulatorError.api(.unauthorized, code: "TokenInvalid", message: "OAuth token is invalid", itemCode: "OAU-149")
        case .expired:
            throw SimulatorError.api(.unauthorized, code: "TokenInvalid", message: "Access token expired", itemCode: "OAU-128")
        case .revoked:
            throw SimulatorError.api(.unauthorized, code: "TokenInvalid", message: "Token not found", itemCode: "OAU-213")
        case .unknown:
            throw SimulatorError.api(.unauthorized, code: "TokenInvalid", message: "OAuth token is invalid", itemCode: "OAU-149")
        }
    }

    /// A JSON response.
    static func json(_ body: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    /// Validates `accountId` (`~` or the configured id).
    func checkAccount(_ accountId: String?) throws {
        guard let accountId, accountId == "~" || accountId == self.simulator.configuration.accountId else {
            throw SimulatorError.notFound(parameter: "accountId")
        }
    }

    /// Validates `extensionId` (`~` or the configured id).
    func checkExtension(_ extensionId: String?) throws {
        guard let extensionId, extensionId == "~" || extensionId == self.simulator.configuration.extensionId else {
            throw SimulatorError.notFound(parameter: "extensionId")
        }
    }
}
