import Transfer

/// What RingCentral's media host answered to a streamed request for a recording's content:
/// the status and the header fields a proxy passes on to its own client.
public struct RecordingStreamHead: Sendable, Equatable {
    /// `200` (the whole recording), `206` (the range asked for) or `416` (the range is beyond
    /// the recording; ``contentRange`` then says `bytes */SIZE`).
    public var status: Int
    /// `Content-Type` as sent (`audio/mpeg`, `audio/x-wav`, …).
    public var contentType: String?
    /// `Content-Length` of the body that follows.
    public var contentLength: Int64?
    /// `Content-Range` (`bytes 0-99/1000`, or `bytes */1000` with a 416).
    public var contentRange: String?

    /// Creates a head.
    public init(status: Int, contentType: String? = nil, contentLength: Int64? = nil, contentRange: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.contentLength = contentLength
        self.contentRange = contentRange
    }

    /// The head of a response with `status` and `headers`.
    init(status: Int, headers: HTTPHeaders) {
        self.init(
            status: status, contentType: headers["Content-Type"], contentLength: headers["Content-Length"].flatMap { Int64($0) },
            contentRange: headers["Content-Range"])
    }

    /// Whether the body is a document (a JSON error or rate limit, an HTML or XML page answered
    /// with a 2xx), not audio.
    var isDocument: Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.contains("json") || type.hasPrefix("text/") || type.contains("xml")
    }
}
