import Transfer

extension S3Client {
    /// One page of `ListObjectsV2` under `prefix` (relative to the configured prefix).
    ///
    /// Keys are requested URL-encoded (`encoding-type=url`) so that any key survives the XML,
    /// and decoded here; keys and common prefixes come back relative to the configured prefix.
    ///
    /// - Parameters:
    ///   - prefix: Only keys starting with it.
    ///   - delimiter: Roll keys up to the next delimiter into ``S3ListPage/commonPrefixes`` (`"/"` lists one level).
    ///   - continuationToken: The previous page's ``S3ListPage/continuationToken``.
    ///   - maximumKeys: At most this many keys (S3 caps it at 1000).
    /// - Throws: ``S3Error`` (``S3Error/Code/noSuchBucket``, ``S3Error/Code/malformedResponse``, …).
    public func listObjects(
        prefix: String = "",
        delimiter: String? = nil,
        continuationToken: String? = nil,
        maximumKeys: Int = 1000
    ) async throws -> S3ListPage {
        var query: [(String, String)] = [
            ("list-type", "2"), ("prefix", configuration.prefix + prefix), ("encoding-type", "url"),
            ("max-keys", String(max(1, min(maximumKeys, 1000)))),
        ]
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await perform(request(.get, fullKey: nil, query: query), operation: "ListObjectsV2", key: nil)
        guard let document = S3XMLNode.parse(response.body), document.name == "ListBucketResult" else {
            throw S3Error(code: .malformedResponse, message: "ListObjectsV2 did not answer with a ListBucketResult", status: response.status)
        }
        let encoded = document.value("EncodingType")?.lowercased() == "url"
        func decode(_ value: String) -> String {
            // AWS encodes a space as '+' (form encoding) and a '+' as %2B.
            encoded ? S3URLBuilder.decode(value, plusIsSpace: true) : value
        }
        var objects: [S3ObjectSummary] = []
        for node in document.children("Contents") {
            guard let rawKey = node.child("Key")?.text else {
                throw S3Error(code: .malformedResponse, message: "a ListObjectsV2 entry has no Key")
            }
            guard let size = node.value("Size").flatMap({ Int64($0) }) else {
                throw S3Error(code: .malformedResponse, message: "a ListObjectsV2 entry has no valid Size")
            }
            objects.append(
                S3ObjectSummary(
                    key: relativeKey(decode(rawKey)),
                    size: size,
                    etag: S3ObjectInfo.unquote(node.value("ETag") ?? ""),
                    lastModified: node.value("LastModified")
                )
            )
        }
        let prefixes = document.children("CommonPrefixes").compactMap { $0.child("Prefix")?.text }.map { relativeKey(decode($0)) }
        let truncated = document.value("IsTruncated")?.lowercased() == "true"
        var token: String?
        if truncated {
            guard let next = document.value("NextContinuationToken"), !next.isEmpty else {
                throw S3Error(code: .malformedResponse, message: "a truncated ListObjectsV2 page has no NextContinuationToken")
            }
            token = next
        }
        return S3ListPage(objects: objects, commonPrefixes: prefixes, continuationToken: token)
    }

    /// Every object under `prefix`, following continuation tokens to the last page.
    ///
    /// - Throws: ``S3Error``; ``S3Error/Code/malformedResponse`` when the server repeats a
    ///   continuation token (which would never end).
    public func listAllObjects(prefix: String = "") async throws -> [S3ObjectSummary] {
        var all: [S3ObjectSummary] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            let page = try await listObjects(prefix: prefix, continuationToken: token)
            all += page.objects
            token = page.continuationToken
            if let token {
                guard seen.insert(token).inserted else {
                    throw S3Error(code: .malformedResponse, message: "ListObjectsV2 repeated a continuation token")
                }
            }
        } while token != nil
        return all
    }
}
