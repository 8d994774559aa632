/// The response to an ``HTTPClient/send(_:)`` call: status, headers and the whole body.
///
/// Any status is returned as a response, including 4xx and 5xx; call
/// ``requireSuccess()`` to turn a non-2xx status into an ``HTTPStatusError``.
public struct HTTPResponse: Sendable, CustomStringConvertible {
    /// The HTTP status code of the final response (after redirects).
    public var status: Int
    /// The final response's header fields.
    public var headers: HTTPHeaders
    /// The body bytes (decoded if the server used a `Content-Encoding`).
    public var body: [UInt8]
    /// The URL of the final response after redirects, as libcurl reports it.
    public var effectiveURL: String
    /// The HTTP version used, e.g. `"1.1"` or `"2"`.
    public var httpVersion: String
    /// Whether the request went over a connection kept from an earlier request.
    public var connectionReused: Bool

    /// Creates a response (mainly for tests and fakes).
    public init(
        status: Int,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        effectiveURL: String = "",
        httpVersion: String = "1.1",
        connectionReused: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.httpVersion = httpVersion
        self.connectionReused = connectionReused
    }

    /// Whether ``status`` is in `200..<300`.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Returns `self` when the status is 2xx.
    ///
    /// - Throws: ``HTTPStatusError`` carrying the status, headers and a body excerpt otherwise.
    @discardableResult
    public func requireSuccess() throws(HTTPStatusError) -> HTTPResponse {
        guard isSuccess else {
            throw HTTPStatusError(status: status, headers: headers, body: Array(body.prefix(HTTPStatusError.maximumBodyExcerpt)), url: effectiveURL)
        }
        return self
    }

    public var description: String {
        "HTTPResponse(\(status), HTTP/\(httpVersion), \(body.count) bytes, \(headers))"
    }
}
