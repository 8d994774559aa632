import Transfer

/// What the server says about an object: the answer to `HEAD`, and the head of a `GET`.
public struct S3ObjectInfo: Sendable, Hashable, CustomStringConvertible {
    /// The object's key, relative to the configured prefix.
    public var key: String
    /// The whole object's size in bytes (for a ranged `GET`, the total from `Content-Range`).
    public var size: Int64
    /// The ETag without its quotes: the MD5 hex of a single-part upload, `md5-N` for a
    /// multipart one (servers differ for encrypted objects).
    public var etag: String
    /// `Last-Modified` as sent (an HTTP date).
    public var lastModified: String?
    /// `Content-Type`.
    public var contentType: String?
    /// User metadata (`x-amz-meta-*`), keys lower-cased without the prefix.
    public var metadata: [String: String]
    /// The SHA-256 this client stored with the object (`x-amz-meta-sha256`), lowercase hex.
    public var sha256: String? { metadata["sha256"] }

    /// Creates a value (mainly for tests and fakes).
    public init(key: String, size: Int64, etag: String, lastModified: String? = nil, contentType: String? = nil, metadata: [String: String] = [:]) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.metadata = metadata
    }

    /// Reads the fields from response headers; `size` comes from `Content-Range`'s total when present.
    init(key: String, headers: HTTPHeaders) {
        var size = headers["Content-Length"].flatMap { Int64($0.trimmingCharacters(in: " \t")) } ?? 0
        if let range = headers["Content-Range"], let slash = range.lastIndex(of: "/"), let total = Int64(range[range.index(after: slash)...]) {
            size = total
        }
        var metadata: [String: String] = [:]
        for field in headers where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(field.name.lowercased().dropFirst(11))] = field.value
        }
        self.init(
            key: key,
            size: size,
            etag: Self.unquote(headers["ETag"] ?? ""),
            lastModified: headers["Last-Modified"],
            contentType: headers["Content-Type"],
            metadata: metadata
        )
    }

    /// An ETag without surrounding quotes (and without a weak `W/` marker).
    static func unquote(_ etag: String) -> String {
        var value = Substring(etag.trimmingCharacters(in: " \t"))
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
        // Some servers XML-escape the quotes in list results.
        if value.hasPrefix("&quot;"), value.hasSuffix("&quot;"), value.count >= 12 { value = value.dropFirst(6).dropLast(6) }
        return String(value)
    }

    public var description: String {
        "S3ObjectInfo(\(key), \(size) bytes, etag: \(etag))"
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
