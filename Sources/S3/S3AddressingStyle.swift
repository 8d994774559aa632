/// How the bucket appears in request URLs.
public enum S3AddressingStyle: String, Sendable, Hashable {
    /// `https://endpoint/bucket/key`: works with every S3-compatible server and with bucket
    /// names that are not valid host names (MinIO and Ceph RGW deployments often need it).
    case path
    /// `https://bucket.endpoint/key`: AWS's preferred form; needs DNS (or a wildcard
    /// certificate) for `bucket.endpoint`. The bucket name must be a valid DNS label without dots
    /// when the endpoint uses TLS.
    case virtualHosted
}
