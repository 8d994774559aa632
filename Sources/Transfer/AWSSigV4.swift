/// Asks libcurl to sign a request with AWS Signature Version 4 (`CURLOPT_AWS_SIGV4`).
///
/// libcurl computes the signature itself from the request it sends: the method, the URL's path
/// and query exactly as given (libcurl 7.88 neither re-encodes the path nor sorts the query, so
/// callers pass both in canonical form), the headers the request sets plus `Host` and
/// `x-amz-date`, and the payload hash from the request's `x-amz-content-sha256` header (which
/// callers should always set; without it libcurl hashes an in-memory body only). The key pair
/// goes to libcurl as `CURLOPT_USERPWD` (`key:secret`). While signing, the request URL is sent
/// as is (`CURLOPT_PATH_AS_IS`) and no empty-valued header is added, since every header set is
/// signed.
///
/// ``description`` never shows the secret.
public struct AWSSigV4: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (must not contain `:`).
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The signing region, e.g. `us-east-1`.
    public var region: String
    /// The signing service, e.g. `s3`.
    public var service: String

    /// Creates signing settings.
    public init(accessKeyID: String, secretAccessKey: String, region: String, service: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
    }

    /// The `CURLOPT_AWS_SIGV4` value: `aws:amz:<region>:<service>`.
    var curlProvider: String { "aws:amz:\(region):\(service)" }

    /// Region and service; the key pair is never shown.
    public var description: String { "AWSSigV4(\(region), \(service), key: \(Redaction.placeholder))" }
}
