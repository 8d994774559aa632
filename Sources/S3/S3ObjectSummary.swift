/// One object in a list page.
public struct S3ObjectSummary: Sendable, Hashable {
    /// The key, relative to the configured prefix.
    public var key: String
    /// The size in bytes.
    public var size: Int64
    /// The ETag without quotes.
    public var etag: String
    /// `LastModified` as sent (ISO 8601).
    public var lastModified: String?

    /// Creates a summary.
    public init(key: String, size: Int64, etag: String, lastModified: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}
