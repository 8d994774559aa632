/// A response whose status the caller chose not to accept (see ``HTTPResponse/requireSuccess()``).
///
/// ``HTTPClient`` never throws this by itself: it returns every response and leaves the
/// decision to the caller. Headers are kept so callers can honour `Retry-After`.
public struct HTTPStatusError: Error, Sendable, CustomStringConvertible {
    /// The largest body excerpt kept.
    public static let maximumBodyExcerpt = 4096

    /// The HTTP status code.
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The start of the response body (at most ``maximumBodyExcerpt`` bytes).
    public var body: [UInt8]
    /// The response URL, redacted.
    public var url: String

    /// Creates an error; `url` is redacted before it is stored.
    public init(status: Int, headers: HTTPHeaders, body: [UInt8], url: String) {
        self.status = status
        self.headers = headers
        self.body = Array(body.prefix(Self.maximumBodyExcerpt))
        self.url = Redaction.redactURL(url)
    }

    public var description: String {
        let excerpt = Redaction.redactSecrets(in: String(decoding: body.prefix(512), as: UTF8.self))
        return "HTTPStatusError(\(status), url: \(url), body: \(excerpt))"
    }
}
