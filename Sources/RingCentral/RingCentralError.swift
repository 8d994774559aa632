/// An error talking to RingCentral; its message never contains tokens, secrets or the JWT.
public struct RingCentralError: Error, Sendable, CustomStringConvertible {
    /// An extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// A required setting is missing or malformed.
        public static let configuration = Code("configuration")
        /// Credentials were refused (bad client, bad JWT, expired refresh token).
        public static let authentication = Code("authentication")
        /// A 429, or a rate-limit body (`CMN-301`) with a 200; see ``RingCentralError/retryAtMillis``.
        public static let rateLimited = Code("rate-limited")
        /// 403: the credentials are good but this resource is not allowed (a permission missing
        /// from the app, no licence for the recorded user).
        public static let forbidden = Code("forbidden")
        /// 404: the resource is gone (RingCentral keeps recordings 90 days).
        public static let notFound = Code("not-found")
        /// 400 and other 4xx: the request is wrong; retrying cannot help.
        public static let badRequest = Code("bad-request")
        /// 5xx: RingCentral had a problem; retry later.
        public static let serverError = Code("server-error")
        /// The connection failed, timed out or was cut.
        public static let transport = Code("transport")
        /// A body that should be audio is not (HTML, JSON, empty).
        public static let notAudio = Code("not-audio")
        /// A response that does not parse.
        public static let invalidResponse = Code("invalid-response")

        public var description: String { value }
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when there was a response.
    public var status: Int?
    /// RingCentral's error code, such as `CMN-301` or `OAU-149`.
    public var errorCode: String?
    /// For ``Code/rateLimited``: when the group may be used again, in milliseconds since 1970.
    public var retryAtMillis: Int64?

    public init(_ code: Code, _ message: String, status: Int? = nil, errorCode: String? = nil, retryAtMillis: Int64? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.errorCode = errorCode
        self.retryAtMillis = retryAtMillis
    }

    /// Whether retrying later can help.
    public var isTransient: Bool {
        code == .rateLimited || code == .serverError || code == .transport
    }

    public var description: String {
        var text = "RingCentral \(code)"
        if let status { text += " (HTTP \(status))" }
        if let errorCode { text += " \(errorCode)" }
        return text + ": " + message
    }
}
