/// The outcome of an upload.
public struct S3PutResult: Sendable, Hashable {
    /// The key, relative to the configured prefix.
    public var key: String
    /// The object's ETag without quotes.
    public var etag: String
    /// The object's size in bytes.
    public var size: Int64
    /// The lowercase hex SHA-256 of the uploaded bytes (also stored as `x-amz-meta-sha256`).
    public var sha256: String
    /// The number of parts: 0 for a single-request upload.
    public var partCount: Int

    /// Creates a result.
    public init(key: String, etag: String, size: Int64, sha256: String, partCount: Int) {
        self.key = key
        self.etag = etag
        self.size = size
        self.sha256 = sha256
        self.partCount = partCount
    }
}
