/// One page of a `ListObjectsV2` answer.
public struct S3ListPage: Sendable, Hashable {
    /// The objects on this page, in key order.
    public var objects: [S3ObjectSummary]
    /// With a delimiter: the "directories" rolled up on this page, relative to the configured
    /// prefix and ending in the delimiter.
    public var commonPrefixes: [String]
    /// Pass to the next ``S3Client/listObjects(prefix:delimiter:continuationToken:maximumKeys:)``
    /// call; `nil` on the last page.
    public var continuationToken: String?

    /// Creates a page.
    public init(objects: [S3ObjectSummary], commonPrefixes: [String] = [], continuationToken: String? = nil) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.continuationToken = continuationToken
    }
}
