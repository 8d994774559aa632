public import Logging
public import Transfer

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A client for S3-compatible object stores (AWS S3, MinIO, Ceph RGW) built on ``HTTPClient``.
///
/// Every request is signed with AWS Signature Version 4 **by libcurl** (`CURLOPT_AWS_SIGV4`,
/// credentials through `CURLOPT_USERPWD`); the only signature computed in Swift is the
/// query-string form of presigned URLs (see ``presignedGetURL(key:expiresIn:now:)``), which
/// libcurl cannot produce.
///
/// Keys are relative to the configured ``S3Configuration/prefix``. Uploads are atomic: an
/// object becomes visible only when its single `PUT` or its multipart upload completes, and a
/// failed multipart upload is aborted. Uploads are verified end to end: each body is signed by
/// its SHA-256 (the server rejects a mismatch), carries `Content-MD5`, and its ETag is compared
/// with that MD5; file uploads first check the file against the SHA-256 the caller expects.
/// Downloads stream into a sink with bounded memory and pass byte ranges through.
///
/// Retryable failures (`SlowDown`, 503, 5xx, timeouts) are retried with backoff up to
/// ``S3Configuration/maximumAttempts`` times; then an ``S3Error`` with
/// ``S3Error/isRetryable`` set tells the caller to try again later.
///
/// ```swift
/// let s3 = S3Client(configuration: try S3Configuration(environment: environment), httpClient: http)
/// try await s3.putObject(key: "recordings/2025/01/06/a.mp3", file: path, sha256: digest)
/// try await s3.getObject(key: "recordings/2025/01/06/a.mp3", range: 0...1023) { chunk in try await send(chunk) }
/// let link = try s3.presignedGetURL(key: "recordings/2025/01/06/a.mp3", expiresIn: .seconds(300))
/// ```
public struct S3Client: Sendable {
    /// The settings this client was created with.
    public let configuration: S3Configuration
    let http: HTTPClient
    let logger: Logger
    let builder: S3URLBuilder

    /// The SHA-256 of an empty body, the payload hash of requests without one.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The most bytes of a non-2xx body kept for its error document.
    static let errorBodyLimit = 64 * 1024

    /// Creates a client that sends its requests through `httpClient` (which the caller owns
    /// and shuts down).
    ///
    /// - Parameters:
    ///   - configuration: Endpoint, bucket, prefix, credentials and upload settings.
    ///   - httpClient: The transport; its connection pool is shared with other users.
    ///   - logger: Receives one `debug` line per request (method, key, status), never credentials.
    public init(
        configuration: S3Configuration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "callvault.s3", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.http = httpClient
        self.logger = logger
        self.builder = S3URLBuilder(configuration: configuration)
    }

    // MARK: - Keys

    /// The full object key (prefix + `key`), after checking `key`.
    func fullKey(_ key: String) throws(S3Error) -> String {
        let full = configuration.prefix + key
        guard !key.isEmpty, full.utf8.count <= 1024 else {
            throw S3Error(code: .invalidRequest, message: "an object key must have 1 to 1024 bytes with its prefix", key: key)
        }
        guard !key.hasPrefix("/"), !key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." })
        else {
            throw S3Error(code: .invalidRequest, message: "an object key must not start with '/' or contain '.' or '..' segments", key: key)
        }
        guard !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw S3Error(code: .invalidRequest, message: "an object key must not contain control characters", key: key)
        }
        return full
    }

    /// `fullKey` without the configured prefix.
    func relativeKey(_ fullKey: String) -> String {
        fullKey.hasPrefix(configuration.prefix) ? String(fullKey.dropFirst(configuration.prefix.count)) : fullKey
    }

    // MARK: - Requests

    /// A request signed by libcurl with SigV4, carrying `payloadHash` as `x-amz-content-sha256`.
    func request(
        _ method: HTTPMethod,
        fullKey: String?,
        query: [(String, String)] = [],
        headers: HTTPHeaders = [:],
        payloadHash: String = S3Client.emptySHA256
    ) -> HTTPRequest {
        var headers = headers
        headers["x-amz-content-sha256"] = payloadHash
        if let token = configuration.credentials.sessionToken { headers["x-amz-security-token"] = token }
        var request = HTTPRequest(method: method, url: builder.url(fullKey: fullKey, query: query), headers: headers)
        request.timeouts = configuration.timeouts
        request.maximumRedirects = 0
        request.awsSigV4 = AWSSigV4(
            accessKeyID: configuration.credentials.accessKeyID,
            secretAccessKey: configuration.credentials.secretAccessKey,
            region: configuration.region,
            service: "s3"
        )
        return request
    }

    /// Sends `request` (retrying retryable failures) and returns a 2xx response.
    ///
    /// - Throws: ``S3Error`` for a non-2xx answer or a transport failure.
    func perform(_ request: HTTPRequest, operation: String, key: String?) async throws -> HTTPResponse {
        try await withRetries(operation: operation, key: key) {
            let response = try await send(request, key: key)
            guard response.isSuccess else { throw Self.error(from: response, key: key) }
            return response
        }
    }

    /// Sends `request` once, mapping transport failures to ``S3Error``; any status is returned.
    func send(_ request: HTTPRequest, key: String?) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as TransferError {
            throw Self.error(from: error, key: key)
        }
        logger.debug(
            "S3 request",
            metadata: ["s3.method": "\(request.method)", "s3.key": "\(key ?? "-")", "s3.status": "\(response.status)"]
        )
        return response
    }

    /// Runs `body` up to ``S3Configuration/maximumAttempts`` times while it fails with a
    /// retryable ``S3Error``, waiting with exponential backoff and full jitter in between (or
    /// the server's `Retry-After`), as long as `mayRetry` says so.
    func withRetries<T>(
        operation: String,
        key: String?,
        while mayRetry: () -> Bool = { true },
        _ body: () async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error as S3Error where error.isRetryable && attempt < configuration.maximumAttempts && mayRetry() {
                let delay = error.retryAfter ?? backoff(attempt: attempt)
                logger.debug(
                    "S3 request will be retried",
                    metadata: [
                        "s3.operation": "\(operation)", "s3.key": "\(key ?? "-")", "s3.attempt": "\(attempt)",
                        "s3.error": "\(error.code)",
                    ]
                )
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// A random delay in `[base/2, base]` where `base` doubles with each attempt, capped.
    func backoff(attempt: Int) -> Duration {
        let base = configuration.initialRetryDelay * (1 << min(attempt - 1, 20))
        let capped = min(base, configuration.maximumRetryDelay)
        return capped * Double.random(in: 0.5...1.0)
    }

    // MARK: - Errors

    /// The ``S3Error`` for a non-2xx `response`, from its XML error document when it has one.
    static func error(from response: HTTPResponse, key: String?) -> S3Error {
        let document = S3XMLNode.parse(Array(response.body.prefix(errorBodyLimit)))
        let errorNode = document?.name == "Error" ? document : nil
        let serverCode = errorNode?.value("Code")
        let serverMessage = errorNode?.value("Message")
        let requestID = response.headers["x-amz-request-id"] ?? errorNode?.value("RequestId")
        let retryAfter = response.headers["Retry-After"].flatMap { Int($0.trimmingCharacters(in: " \t")) }.map { Duration.seconds($0) }
        let code = classify(status: response.status, serverCode: serverCode)
        let message = Redaction.redactSecrets(in: serverMessage ?? "the server answered HTTP \(response.status)")
        return S3Error(
            code: code, message: message, status: response.status, serverCode: serverCode, requestID: requestID, key: key,
            retryAfter: retryAfter
        )
    }

    /// The category of an S3 answer: by its error code when known, else by its status.
    static func classify(status: Int, serverCode: String?) -> S3Error.Code {
        switch serverCode {
        case "NoSuchKey", "NoSuchVersion": return .notFound
        case "NoSuchBucket": return .noSuchBucket
        case "NoSuchUpload": return .noSuchUpload
        case "AccessDenied", "AllAccessDisabled", "AccountProblem", "InvalidObjectState": return .accessDenied
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
            "RequestTimeTooSkewed", "AuthorizationHeaderMalformed", "InvalidSecurity", "MissingSecurityHeader":
            return .invalidCredentials
        case "BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "XAmzContentChecksumMismatch", "InvalidChecksum":
            return .checksumMismatch
        case "InvalidRange": return .invalidRange
        case "PreconditionFailed": return .preconditionFailed
        case "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests", "ServiceUnavailable",
            "RequestThrottled":
            return .slowDown
        case "InternalError", "InternalFailure": return .serverError
        case "RequestTimeout": return .timedOut
        default: break
        }
        switch status {
        case 404: return .notFound
        case 403: return .accessDenied
        case 416: return .invalidRange
        case 412: return .preconditionFailed
        case 429, 503: return .slowDown
        case 500, 502, 504: return .serverError
        case 400, 405, 409, 411, 413: return .invalidRequest
        default: return .unexpectedStatus
        }
    }

    /// The ``S3Error`` for a transport failure.
    static func error(from error: TransferError, key: String?) -> S3Error {
        let code: S3Error.Code
        switch error.code {
        case .timedOut: code = .timedOut
        case .fileSystem: code = .fileSystem
        case .invalidRequest: code = .invalidRequest
        case .responseTooLarge: code = .malformedResponse
        default: code = .transport
        }
        return S3Error(code: code, message: error.message, key: key, cause: error)
    }
}
