/// A failed S3 operation: what went wrong, whether trying again may help, and what the
/// server said.
///
/// ``code`` is the category to switch on; ``serverCode`` is the S3 error code from the XML
/// error body (`NoSuchKey`, `SlowDown`, …) when the server sent one. Messages never contain
/// credentials, signatures or presigned query strings, so the error is safe to log.
///
/// ```swift
/// do {
///     try await client.deleteObject(key: "recordings/2025/01/06/a.mp3")
/// } catch let error as S3Error where error.isRetryable {
///     // snooze the job and try later
/// }
/// ```
public struct S3Error: Error, Sendable, CustomStringConvertible {
    /// The category; compare with the static members of ``Code``.
    public var code: Code
    /// A human-readable explanation (no secrets).
    public var message: String
    /// The HTTP status of the response that failed, when there was one.
    public var status: Int?
    /// The S3 error code from the response body, e.g. `"NoSuchKey"` or `"SignatureDoesNotMatch"`.
    public var serverCode: String?
    /// The server's request id (`x-amz-request-id`), for support tickets.
    public var requestID: String?
    /// The object key the operation was about, relative to the configured prefix.
    public var key: String?
    /// How long the server asked to wait (`Retry-After`), when it did.
    public var retryAfter: Duration?
    /// The underlying error (a `TransferError`, a `SystemError`, …), if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        status: Int? = nil,
        serverCode: String? = nil,
        requestID: String? = nil,
        key: String? = nil,
        retryAfter: Duration? = nil,
        cause: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.serverCode = serverCode
        self.requestID = requestID
        self.key = key
        self.retryAfter = retryAfter
        self.cause = cause
    }

    /// Whether the same request may succeed later: throttling (`SlowDown`, 503, 429), server
    /// errors (500, 502, 504), timeouts and connection failures.
    public var isRetryable: Bool { code.isRetryable }

    /// One line with the code, status, server code, key, message and request id.
    public var description: String {
        var parts = ["S3Error(\(code)"]
        if let status { parts.append("HTTP \(status)") }
        if let serverCode { parts.append(serverCode) }
        if let key { parts.append("key: \(key)") }
        parts.append(message)
        if let requestID { parts.append("request id: \(requestID)") }
        if let cause { parts.append("cause: \(cause)") }
        return parts.joined(separator: ", ") + ")"
    }
}

extension S3Error {
    /// The category of an ``S3Error``.
    ///
    /// An extensible set: `switch` over it with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound
            case noSuchBucket
            case noSuchUpload
            case accessDenied
            case invalidCredentials
            case checksumMismatch
            case invalidRange
            case preconditionFailed
            case slowDown
            case serverError
            case transport
            case timedOut
            case invalidRequest
            case invalidConfiguration
            case malformedResponse
            case fileSystem
            case unexpectedStatus
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The object does not exist (`NoSuchKey`, or a 404 to a `HEAD`).
        public static let notFound = Code(.notFound)
        /// The bucket does not exist (`NoSuchBucket`).
        public static let noSuchBucket = Code(.noSuchBucket)
        /// The multipart upload was aborted or completed meanwhile (`NoSuchUpload`).
        public static let noSuchUpload = Code(.noSuchUpload)
        /// The credentials are valid but not allowed to do this (`AccessDenied`, other 403s).
        public static let accessDenied = Code(.accessDenied)
        /// The access key is unknown or the signature does not match (`InvalidAccessKeyId`,
        /// `SignatureDoesNotMatch`, `ExpiredToken`, …): check the secret and the clock.
        public static let invalidCredentials = Code(.invalidCredentials)
        /// The bytes do not match their checksum: the local file differs from the SHA-256 the
        /// caller gave, or the server rejected a body (`BadDigest`, `XAmzContentSHA256Mismatch`,
        /// `InvalidDigest`), or an ETag differs from the MD5 of what was sent.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// The requested byte range is outside the object (416 `InvalidRange`).
        public static let invalidRange = Code(.invalidRange)
        /// A conditional request's precondition failed (412).
        public static let preconditionFailed = Code(.preconditionFailed)
        /// The server asks to slow down (503 `SlowDown`, 429, 503 without a body). Retryable.
        public static let slowDown = Code(.slowDown)
        /// The server failed (500 `InternalError`, 502, 504). Retryable.
        public static let serverError = Code(.serverError)
        /// The request could not be carried out (connection refused, reset, TLS); see ``S3Error/cause``. Retryable.
        public static let transport = Code(.transport)
        /// A connect, low-speed or total timeout expired. Retryable.
        public static let timedOut = Code(.timedOut)
        /// The server rejected the request as malformed (400 `InvalidRequest`, `EntityTooSmall`, …),
        /// or the client refused to send it (an invalid key).
        public static let invalidRequest = Code(.invalidRequest)
        /// The settings are incomplete or invalid (a missing variable, a bad URL).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server's answer could not be understood (bad XML, a missing header).
        public static let malformedResponse = Code(.malformedResponse)
        /// A local file could not be opened, read or written.
        public static let fileSystem = Code(.fileSystem)
        /// Any other non-2xx status; see ``S3Error/status`` and ``S3Error/serverCode``.
        public static let unexpectedStatus = Code(.unexpectedStatus)

        /// Whether an error of this category may go away by itself.
        public var isRetryable: Bool {
            switch value {
            case .slowDown, .serverError, .transport, .timedOut: return true
            default: return false
            }
        }

        public var description: String { value.rawValue }
    }
}
