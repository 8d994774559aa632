public import Hummingbird

/// A RingCentral-shaped error response produced by a simulator route.
///
/// The body is one of RingCentral's envelopes: the resource-API shape (`errorCode`, `message`, `errors[]`) or the
/// OAuth shape (`error`, `error_description`, `errors[]`). Routes throw it; the router turns it into a response that
/// still carries the rate-limit headers.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// HTTP status to send.
    public var status: HTTPResponse.Status
    /// The JSON body.
    public var body: JSONValue
    /// Extra headers (for example `Retry-After`).
    public var headers: HTTPFields

    /// Creates an error with an explicit body.
    public init(status: HTTPResponse.Status, body: JSONValue, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The status and the body.
    public var description: String { "SimulatorError(\(self.status.code)): \(self.body.serialized())" }

    /// Resource-API envelope with a top-level code and one matching item.
    ///
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - code: Top-level `errorCode`.
    ///   - message: Top-level `message`.
    ///   - itemCode: `errors[0].errorCode` (defaults to `code`).
    ///   - itemMessage: `errors[0].message` (defaults to `message`).
    ///   - parameterName: Optional `errors[0].parameterName`.
    public static func api(
        _ status: HTTPResponse.Status,
        code: String,
        message: String,
        itemCode: String? = nil,
        itemMessage: String? = nil,
        parameterName: String? = nil
    ) -> SimulatorError {
        var item: JSONValue = ["errorCode": .string(itemCode ?? code), "message": .string(itemMessage ?? message)]
        if let parameterName {
            item = item.setting("parameterName", to: .string(parameterName))
        }
        return SimulatorError(status: status, body: ["errorCode": .string(code), "message": .string(message), "errors": [item]])
    }

    /// OAuth token-endpoint envelope.
    public static func oauth(_ status: HTTPResponse.Status, error: String, code: String, description: String) -> SimulatorError {
        SimulatorError(
            status: status,
            body: [
                "error": .string(error),
                "errors": [["errorCode": .string(code), "message": .string(description)]],
                "error_description": .string(description),
            ]
        )
    }

    /// `400 CMN-101 "Parameter [name] value is invalid."`
    public static func invalidParameter(_ name: String) -> SimulatorError {
        .api(.badRequest, code: "CMN-101", message: "Parameter [\(name)] value is invalid.", parameterName: name)
    }

    /// `404 CMN-102 "Resource for parameter [name] is not found"`
    public static func notFound(parameter name: String) -> SimulatorError {
        .api(.notFound, code: "CMN-102", message: "Resource for parameter [\(name)] is not found", parameterName: name)
    }

    /// `429 CMN-301 "Request rate exceeded"`.
    public static func rateExceeded(retryAfter: Int?) -> SimulatorError {
        var error = SimulatorError.api(.tooManyRequests, code: "CMN-301", message: "Request rate exceeded")
        if let retryAfter {
            error.headers[.retryAfter] = String(retryAfter)
        }
        return error
    }

    /// `503 CMN-211` with `Retry-After`.
    public static func serviceUnavailable(retryAfter: Int) -> SimulatorError {
        var error = SimulatorError.api(
            .serviceUnavailable, code: "ServiceUnavailable", message: "Service temporarily unavailable", itemCode: "CMN-211"
        )
        error.headers[.retryAfter] = String(retryAfter)
        return error
    }

    /// `403 InsufficientPermissions` / `CMN-401` for a token whose scope lacks `permission`, in the shape of
    /// RingCentral's documented example (top-level and per-item `permissionName`).
    public static func insufficientPermissions(_ permission: String) -> SimulatorError {
        let message = "In order to call this API endpoint, application needs to have [\(permission)] permission"
        return SimulatorError(
            status: .forbidden,
            body: [
                "errorCode": "InsufficientPermissions",
                "message": .string(message),
                "errors": [["errorCode": "CMN-401", "message": .string(message), "permissionName": .string(permission)]],
                "permissionName": .string(permission),
            ]
        )
    }

    /// The spec's bare `ApiErrorResponseModel` (`{"errors": [...]}` without the legacy top-level members), used by
    /// RingSense, which is served by a different back end than the platform API.
    public static func errorsOnly(_ status: HTTPResponse.Status, code: String, message: String, parameterName: String? = nil) -> SimulatorError {
        var item: JSONValue = ["errorCode": .string(code), "message": .string(message)]
        if let parameterName {
            item = item.setting("parameterName", to: .string(parameterName))
        }
        return SimulatorError(status: status, body: ["errors": [item]])
    }

    /// The AI API's `CaiErrorResponse` (`{"errors": [{"errorCode": "CAI-1xx", …}]}`).
    static func cai(_ status: HTTPResponse.Status, _ code: AIErrorCode, message: String, parameterName: String? = nil) -> SimulatorError {
        SimulatorError(status: status, body: code.body(message: message, parameterName: parameterName))
    }

    /// `404 SUB-507`, RingCentral's answer for an expired subscription; the simulator also gives it for deleted and
    /// unknown ids.
    public static func subscriptionGone(_ id: String, session: String) -> SimulatorError {
        .api(
            .notFound, code: "SUB-507",
            message: "Subscription with key [\(id)] and assigned session [\(session)] was expired"
        )
    }

    /// The response for this error.
    public func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: self.body.serialized())))
    }
}
