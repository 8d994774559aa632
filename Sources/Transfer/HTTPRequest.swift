/// An HTTP request to send with ``HTTPClient``.
///
/// The URL is used exactly as given (it is not rebuilt or re-encoded). The ``body``'s
/// content type is sent as `Content-Type` unless ``headers`` already has one.
/// ``description`` redacts credentials in the URL and headers.
///
/// ```swift
/// var request = HTTPRequest.post("https://platform.example.com/restapi/oauth/token",
///                                body: .form([("grant_type", "client_credentials")]))
/// request.headers["Authorization"] = "Basic \(credentials)"
/// request.timeouts = TransferTimeouts(total: .seconds(30))
/// ```
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields to send.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: HTTPBody?
    /// A body streamed from a file instead of ``body`` (set at most one of the two).
    public var fileBody: HTTPFileBody?
    /// Sign the request with AWS Signature Version 4, computed by libcurl (see ``AWSSigV4``).
    public var awsSigV4: AWSSigV4?
    /// How many redirects to follow; `nil` uses the client's
    /// ``HTTPClient/Configuration/maximumRedirects``.
    public var maximumRedirects: Int?
    /// Whether a request with a body may wait for `100 Continue` before sending it, so the
    /// server can refuse (401, 403, 404, 413) before a large body is on the wire. By default
    /// the `Expect` header is suppressed to save the round trip; with ``awsSigV4`` libcurl's own
    /// choice stands either way (it sends `Expect: 100-continue` for uploads), because a
    /// suppressing empty header would be signed.
    public var expectsContinue: Bool = false
    /// Time limits for this request; `nil` uses the client's ``HTTPClient/Configuration/timeouts``.
    public var timeouts: TransferTimeouts?
    /// The largest in-memory response body accepted by ``HTTPClient/send(_:)``; `nil` uses
    /// the client's ``HTTPClient/Configuration/maximumResponseBodySize``.
    public var maximumResponseBodySize: Int?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: HTTPBody? = nil,
        timeouts: TransferTimeouts? = nil,
        maximumResponseBodySize: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.maximumResponseBodySize = maximumResponseBodySize
    }

    /// A `GET` request.
    public static func get(_ url: String, headers: HTTPHeaders = [:]) -> HTTPRequest {
        HTTPRequest(method: .get, url: url, headers: headers)
    }

    /// A `POST` request with `body` (use ``HTTPBody/form(_:)`` or ``HTTPBody/json(_:encoder:)``).
    public static func post(_ url: String, headers: HTTPHeaders = [:], body: HTTPBody?) -> HTTPRequest {
        HTTPRequest(method: .post, url: url, headers: headers, body: body)
    }

    /// A `PUT` request with `body`.
    public static func put(_ url: String, headers: HTTPHeaders = [:], body: HTTPBody?) -> HTTPRequest {
        HTTPRequest(method: .put, url: url, headers: headers, body: body)
    }

    /// A `DELETE` request.
    public static func delete(_ url: String, headers: HTTPHeaders = [:]) -> HTTPRequest {
        HTTPRequest(method: .delete, url: url, headers: headers)
    }

    /// `METHOD url headers` with credentials redacted; the body is summarised by size only.
    public var description: String {
        var text = "\(method) \(Redaction.redactURL(url)) \(headers)"
        if let body { text += " body: \(body.bytes.count) bytes" }
        if let fileBody { text += " body: file \(fileBody.path) from \(fileBody.offset)" + (fileBody.length.map { ", \($0) bytes" } ?? "") }
        if let awsSigV4 { text += " signed: \(awsSigV4)" }
        return text
    }
}
