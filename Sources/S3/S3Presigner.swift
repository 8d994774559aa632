import Essentials
import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Query-string SigV4 signing for presigned `GET` URLs.
///
/// **The one exception to "libcurl signs every request".** Every request this module sends is
/// signed by libcurl itself (`CURLOPT_AWS_SIGV4`); libcurl cannot presign, because a presigned
/// URL is handed to someone else (an audio player) and fetched later without our credentials.
/// So this type builds the query-string form of Signature Version 4 with swift-crypto's
/// HMAC-SHA256, following AWS's "Authenticating Requests: Using Query Parameters": the
/// canonical request is `GET`, the canonical path, the sorted query (all `X-Amz-*` parameters
/// but the signature), `host:<authority>`, the signed header list `host`, and
/// `UNSIGNED-PAYLOAD`; the signing key is derived by chaining HMACs over the date, region,
/// service and `aws4_request`. Nothing else in the module computes signatures.
struct S3Presigner: Sendable {
    let builder: S3URLBuilder

    var configuration: S3Configuration { builder.configuration }

    /// A URL that allows `GET` of `fullKey` for `expires` seconds from `time` (seconds since 1970).
    func presignedGET(fullKey: String, expires: Int, time: Int64) -> String {
        let (date, timestamp) = Self.amzDate(time)
        let scope = "\(date)/\(configuration.region)/s3/aws4_request"
        var query: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(configuration.credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = configuration.credentials.sessionToken { query.append(("X-Amz-Security-Token", token)) }
        let canonicalQuery = S3URLBuilder.canonicalQuery(query)
        let path = builder.path(fullKey: fullKey)
        let canonicalRequest = [
            "GET", path, canonicalQuery, "host:\(Self.canonicalHost(builder.authority, scheme: builder.scheme))", "", "host",
            "UNSIGNED-PAYLOAD",
        ].joined(separator: "\n")
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp, scope, Hex.encode(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = Hex.encode(Self.hmac(key: signingKey(date: date), Array(stringToSign.utf8)))
        return "\(builder.scheme)://\(builder.authority)\(path)?\(canonicalQuery)&X-Amz-Signature=\(signature)"
    }

    /// The SigV4 signing key for `date` (YYYYMMDD).
    func signingKey(date: String) -> [UInt8] {
        var key = Self.hmac(key: Array("AWS4\(configuration.credentials.secretAccessKey)".utf8), Array(date.utf8))
        key = Self.hmac(key: key, Array(configuration.region.utf8))
        key = Self.hmac(key: key, Array("s3".utf8))
        return Self.hmac(key: key, Array("aws4_request".utf8))
    }

    /// The `Host` header value a client sends: the default port is left out.
    static func canonicalHost(_ authority: String, scheme: Substring) -> String {
        if scheme == "http", authority.hasSuffix(":80") { return String(authority.dropLast(3)) }
        if scheme == "https", authority.hasSuffix(":443") { return String(authority.dropLast(4)) }
        return authority
    }

    static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// `("YYYYMMDD", "YYYYMMDDTHHMMSSZ")` in UTC for `time` seconds since 1970.
    static func amzDate(_ time: Int64) -> (date: String, timestamp: String) {
        var seconds = time_t(time)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
        return (date, date + "T" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z")
    }
}
