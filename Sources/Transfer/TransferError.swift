/// A failure to carry out an HTTP transfer: the request never produced a usable response.
///
/// `TransferError` describes transport problems (connection refused, timeouts, TLS,
/// too many redirects, a body cut short), local problems (the destination file could not
/// be written, the response body was larger than allowed) and misuse (an invalid request,
/// a client that was shut down). An HTTP response with an error status is *not* a
/// `TransferError`: ``HTTPClient`` returns it and lets the caller decide (see
/// ``HTTPResponse/requireSuccess()``).
///
/// When libcurl reported the failure, ``curlCode`` holds its `CURLcode` number and
/// ``message`` the text from `CURLOPT_ERRORBUFFER` (or `curl_easy_strerror`). The ``url``
/// is always redacted: query parameters such as `access_token` are replaced by
/// `REDACTED`, so the error is safe to log.
///
/// ```swift
/// do {
///     let response = try await client.send(.get("https://example.com/x"))
/// } catch let error as TransferError where error.code == .timedOut {
///     // retry later
/// }
/// ```
public struct TransferError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`.timedOut`, …).
    public var code: Code
    /// A human-readable explanation, with secrets redacted.
    public var message: String
    /// The libcurl `CURLcode` number when libcurl reported the failure, else `nil`.
    public var curlCode: Int?
    /// The request URL with secrets redacted, when the failure concerns a request.
    public var url: String?
    /// The underlying error, if any (for example a file-system `errno` wrapped in ``SystemError``).
    public var cause: (any Error & Sendable)?

    /// Creates an error. The `url` is redacted before it is stored.
    public init(
        code: Code,
        message: String,
        curlCode: Int? = nil,
        url: String? = nil,
        cause: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = Redaction.redactSecrets(in: message)
        self.curlCode = curlCode
        self.url = url.map(Redaction.redactURL)
        self.cause = cause
    }

    /// A one-line description with secrets redacted, suitable for logs.
    public var description: String {
        var parts = ["TransferError(\(code)"]
        if let curlCode { parts.append("curl \(curlCode)") }
        parts.append(message)
        if let url { parts.append("url: \(url)") }
        if let cause { parts.append("cause: \(Redaction.redactSecrets(in: String(describing: cause)))") }
        return parts.joined(separator: ", ") + ")"
    }
}

extension TransferError {
    /// The category of a ``TransferError``.
    ///
    /// This is an extensible set: new codes may be added, so `switch` over it with a
    /// `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case connectionFailed
            case timedOut
            case tooManyRedirects
            case tlsFailure
            case partialTransfer
            case transport
            case responseTooLarge
            case fileSystem
            case invalidRequest
            case rangeNotSatisfied
            case sizeMismatch
            case clientShutdown
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The host could not be resolved or the connection was refused or failed (curl 5, 6, 7).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connect timeout, the overall timeout or the low-speed limit was hit (curl 28).
        public static let timedOut = Code(.timedOut)
        /// More redirects than allowed (curl 47).
        public static let tooManyRedirects = Code(.tooManyRedirects)
        /// The TLS handshake or certificate verification failed (curl 35, 58, 59, 60, 77, …).
        public static let tlsFailure = Code(.tlsFailure)
        /// The connection ended before the whole body arrived (curl 18, or 56 mid-body).
        public static let partialTransfer = Code(.partialTransfer)
        /// Any other libcurl failure; see ``TransferError/curlCode``.
        public static let transport = Code(.transport)
        /// The in-memory response body exceeded the configured maximum.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The download destination could not be opened, read, written or synced.
        public static let fileSystem = Code(.fileSystem)
        /// The request could not be sent as given (bad URL, header with a line break, …).
        public static let invalidRequest = Code(.invalidRequest)
        /// A resumed download could not be reconciled with the server's answer, even after a restart.
        public static let rangeNotSatisfied = Code(.rangeNotSatisfied)
        /// The downloaded file's size does not match the size the server announced.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// The ``HTTPClient`` was shut down.
        public static let clientShutdown = Code(.clientShutdown)

        public var description: String { value.rawValue }
    }
}
