public import Transfer

/// Where objects live and how requests to the S3-compatible server are made.
///
/// The properties checked by the initializers (endpoint, bucket, prefix, part sizes, …) are
/// constants; the tuning knobs stay mutable.
///
/// Keys given to ``S3Client`` are relative to ``prefix``, so an archive keyed by relative
/// paths (`recordings/2025/01/06/…`) maps onto `s3://bucket/prefix/recordings/2025/01/06/…`.
///
/// From the environment (see ``init(environment:)``):
///
/// ```sh
/// CALLVAULT_STORAGE_URL=s3://callvault-archive/production
/// CALLVAULT_S3_ENDPOINT=https://minio.internal:9000   # omit for AWS
/// CALLVAULT_S3_REGION=eu-central-1
/// AWS_ACCESS_KEY_ID=…  AWS_SECRET_ACCESS_KEY=…  [AWS_SESSION_TOKEN=…]
/// ```
public struct S3Configuration: Sendable, CustomStringConvertible {
    /// The smallest part S3 accepts in a multipart upload (all parts but the last).
    public static let minimumPartSize: Int64 = 5 * 1024 * 1024
    /// The most parts one multipart upload may have.
    public static let maximumPartCount: Int64 = 10_000

    /// The server's base URL, `scheme://host[:port]`, without a path.
    public let endpoint: String
    /// The signing region, e.g. `us-east-1` (MinIO and Ceph RGW accept their configured one,
    /// usually `us-east-1`).
    public let region: String
    /// The bucket.
    public let bucket: String
    /// The key prefix all keys are relative to: empty, or ending in `/`.
    public let prefix: String
    /// Path-style or virtual-hosted URLs.
    public let addressingStyle: S3AddressingStyle
    /// The signing credentials.
    public let credentials: S3Credentials
    /// Whether bodies are signed by their SHA-256 or sent as `UNSIGNED-PAYLOAD`.
    public var payloadSigning: S3PayloadSigning
    /// Files larger than this are uploaded in parts (at least ``minimumPartSize``).
    public let multipartThreshold: Int64
    /// The part size of multipart uploads; raised automatically so that no upload needs more
    /// than ``maximumPartCount`` parts.
    public let partSize: Int64
    /// How many parts of one upload are sent at the same time.
    public var multipartConcurrency: Int
    /// Whether single-request uploads also carry `x-amz-checksum-sha256`, which AWS and MinIO
    /// verify and store (older Ceph RGW releases ignore it).
    public var sendsChecksumHeader: Bool
    /// Whether upload ETags are compared with the MD5 of what was sent. Turn off for buckets
    /// with SSE-KMS or SSE-C encryption, whose ETags are not MD5s.
    public var verifiesETags: Bool
    /// How many times a retryable failure (throttling, 5xx, timeouts) is tried in all, with
    /// exponential backoff and jitter, honouring `Retry-After`. `1` disables retries.
    public var maximumAttempts: Int
    /// The first retry's delay; each later one doubles, up to ``maximumRetryDelay``.
    public var initialRetryDelay: Duration
    /// The longest delay between two attempts.
    public var maximumRetryDelay: Duration
    /// Time limits for each request; `nil` uses the HTTP client's.
    public var timeouts: TransferTimeouts?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - endpoint: `scheme://host[:port]`; `nil` means AWS: `https://s3.<region>.amazonaws.com`.
    ///   - prefix: Leading slashes are dropped and a trailing `/` is added when missing.
    ///   - addressingStyle: `nil` chooses virtual-hosted for AWS and path-style for any other endpoint.
    /// - Throws: ``S3Error/Code/invalidConfiguration`` for a malformed endpoint, bucket or part size.
    public init(
        endpoint: String? = nil,
        region: String = "us-east-1",
        bucket: String,
        prefix: String = "",
        addressingStyle: S3AddressingStyle? = nil,
        credentials: S3Credentials,
        payloadSigning: S3PayloadSigning = .signed,
        multipartThreshold: Int64 = 64 * 1024 * 1024,
        partSize: Int64 = 16 * 1024 * 1024,
        multipartConcurrency: Int = 4,
        sendsChecksumHeader: Bool = true,
        verifiesETags: Bool = true,
        maximumAttempts: Int = 3,
        initialRetryDelay: Duration = .milliseconds(200),
        maximumRetryDelay: Duration = .seconds(10),
        timeouts: TransferTimeouts? = nil
    ) throws(S3Error) {
        let resolvedEndpoint = endpoint ?? "https://s3.\(region).amazonaws.com"
        self.endpoint = try Self.validatedEndpoint(resolvedEndpoint)
        guard !region.isEmpty, region.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
            throw S3Error(code: .invalidConfiguration, message: "the S3 region '\(region)' is not valid")
        }
        self.region = region
        let style = addressingStyle ?? (endpoint == nil ? .virtualHosted : .path)
        try Self.validateBucket(bucket, style: style)
        self.bucket = bucket
        var trimmed = Substring(prefix)
        while trimmed.first == "/" { trimmed.removeFirst() }
        self.prefix = trimmed.isEmpty || trimmed.hasSuffix("/") ? String(trimmed) : trimmed + "/"
        self.addressingStyle = style
        guard !credentials.accessKeyID.isEmpty, !credentials.accessKeyID.contains(":") else {
            throw S3Error(code: .invalidConfiguration, message: "the access key id is empty or contains ':'")
        }
        self.credentials = credentials
        self.payloadSigning = payloadSigning
        guard partSize >= Self.minimumPartSize else {
            throw S3Error(code: .invalidConfiguration, message: "the part size must be at least \(Self.minimumPartSize) bytes")
        }
        self.partSize = partSize
        self.multipartThreshold = max(multipartThreshold, Self.minimumPartSize)
        self.multipartConcurrency = max(1, multipartConcurrency)
        self.sendsChecksumHeader = sendsChecksumHeader
        self.verifiesETags = verifiesETags
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.timeouts = timeouts
    }

    /// Reads the fleet settings from the environment.
    ///
    /// - `CALLVAULT_STORAGE_URL`: `s3://bucket[/prefix]` (required).
    /// - `CALLVAULT_S3_ENDPOINT`: `http(s)://host[:port]`; unset means AWS.
    /// - `CALLVAULT_S3_REGION`: the signing region (else `AWS_REGION`, `AWS_DEFAULT_REGION`, `us-east-1`).
    /// - `CALLVAULT_S3_ADDRESSING`: `path` or `virtual` (default: virtual for AWS, path otherwise).
    /// - `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN`.
    ///
    /// - Throws: ``S3Error/Code/invalidConfiguration`` naming the variable to set or fix.
    public init(environment: [String: String]) throws(S3Error) {
        guard let storage = environment["CALLVAULT_STORAGE_URL"], !storage.isEmpty else {
            throw S3Error(code: .invalidConfiguration, message: "set CALLVAULT_STORAGE_URL to s3://bucket/prefix")
        }
        let (bucket, prefix) = try Self.parseStorageURL(storage)
        let endpoint = environment["CALLVAULT_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
        let region =
            [environment["CALLVAULT_S3_REGION"], environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? "us-east-1"
        var style: S3AddressingStyle?
        switch environment["CALLVAULT_S3_ADDRESSING"]?.lowercased() {
        case nil, "": style = nil
        case "path": style = .path
        case "virtual", "virtual-hosted", "virtualhosted": style = .virtualHosted
        case let other?:
            throw S3Error(code: .invalidConfiguration, message: "CALLVAULT_S3_ADDRESSING must be 'path' or 'virtual', not '\(other)'")
        }
        try self.init(
            endpoint: endpoint,
            region: region,
            bucket: bucket,
            prefix: prefix,
            addressingStyle: style,
            credentials: try S3Credentials(environment: environment)
        )
    }

    /// Splits `s3://bucket/prefix` into bucket and prefix.
    static func parseStorageURL(_ url: String) throws(S3Error) -> (bucket: String, prefix: String) {
        guard url.hasPrefix("s3://") else {
            throw S3Error(code: .invalidConfiguration, message: "CALLVAULT_STORAGE_URL must look like s3://bucket/prefix")
        }
        let rest = url.dropFirst(5)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else {
            throw S3Error(code: .invalidConfiguration, message: "CALLVAULT_STORAGE_URL names no bucket (s3://bucket/prefix)")
        }
        return (String(bucket), String(rest.dropFirst(bucket.count)))
    }

    static func validatedEndpoint(_ endpoint: String) throws(S3Error) -> String {
        var value = endpoint
        while value.hasSuffix("/") { value.removeLast() }
        guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
            throw S3Error(code: .invalidConfiguration, message: "the S3 endpoint must start with http:// or https://")
        }
        let authority = value.drop { $0 != ":" }.dropFirst(3)
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("?"), !authority.contains("@"),
            !authority.contains("#")
        else {
            throw S3Error(code: .invalidConfiguration, message: "the S3 endpoint must be scheme://host[:port] without path or credentials")
        }
        return value
    }

    static func validateBucket(_ bucket: String, style: S3AddressingStyle) throws(S3Error) {
        let bytes = Array(bucket.utf8)
        let allowed = bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || (style == .path && (byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))))
        }
        guard (3...63).contains(bytes.count), allowed else {
            throw S3Error(
                code: .invalidConfiguration,
                message: "the bucket name '\(bucket)' is not valid (3 to 63 lowercase letters, digits, '-' and '.')"
            )
        }
    }

    /// Endpoint, region, bucket, prefix and style; the credentials are summarised without secrets.
    public var description: String {
        "S3Configuration(\(endpoint), region: \(region), bucket: \(bucket), prefix: '\(prefix)', \(addressingStyle), \(credentials))"
    }
}
