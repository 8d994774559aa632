/// A description of a file that is not audio: an HTTP error body saved as a recording, an empty
/// download, or random bytes.
public struct NonAudioContent: Sendable, Equatable, Codable, CustomStringConvertible {
    /// What the bytes look like.
    public struct Kind: Hashable, Sendable, Codable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// Zero bytes.
        public static let empty = Kind("empty")
        /// A JSON document (e.g. a RingCentral error body).
        public static let json = Kind("json")
        /// An HTML page (e.g. a login page, a media-reader page, a proxy error).
        public static let html = Kind("html")
        /// An XML document.
        public static let xml = Kind("xml")
        /// Other printable text.
        public static let text = Kind("text")
        /// Binary data with no recognised audio signature, or that libavformat could not open.
        public static let binary = Kind("binary")

        public var description: String { value }
    }

    /// What the bytes look like.
    public var kind: Kind
    /// File size in bytes.
    public var byteCount: Int64
    /// The first ~200 characters, for text kinds (control characters replaced).
    public var textPreview: String?
    /// The body is RingCentral's `CMN-301` "Request rate exceeded" JSON: a rate limit to retry
    /// later, not a bad recording.
    public var isRateLimitBody: Bool
    /// The RingCentral `errorCode` found in a JSON body, if any.
    public var errorCode: String?
    /// A one-line explanation, e.g. `JSON document (161 bytes), RingCentral rate limit CMN-301: {"errorCode":…`.
    public var message: String

    /// Creates a description.
    public init(kind: Kind, byteCount: Int64, textPreview: String?, isRateLimitBody: Bool, errorCode: String?, message: String) {
        self.kind = kind
        self.byteCount = byteCount
        self.textPreview = textPreview
        self.isRateLimitBody = isRateLimitBody
        self.errorCode = errorCode
        self.message = message
    }

    public var description: String { message }
}
