/// What a request's `x-amz-content-sha256` declares about its body.
public enum S3PayloadSigning: String, Sendable, Hashable {
    /// The hex SHA-256 of the body: the signature covers the bytes and the server rejects a
    /// body that does not match (`XAmzContentSHA256Mismatch`). Costs one read of each file
    /// part before it is sent. The default, and the only safe choice over plain HTTP.
    case signed
    /// `UNSIGNED-PAYLOAD`: the signature covers the headers only; integrity then rests on
    /// `Content-MD5` and TLS. Saves nothing here, since the client reads each part once anyway to
    /// compute its MD5; offered for servers that mishandle signed payloads.
    case unsigned
}
