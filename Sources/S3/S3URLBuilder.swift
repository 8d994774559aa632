/// Builds request URLs that are already in SigV4 canonical form.
///
/// libcurl's SigV4 signing (7.88) uses the URL's path and query exactly as given for the
/// canonical request: it neither re-encodes the path nor sorts the query. So the builder
/// writes what AWS defines as canonical: every key byte except the unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) and `/` percent-encoded with upper-case hex, the query sorted by
/// name and every parameter written as `name=value` (an empty value keeps its `=`). The same
/// form is used for presigned URLs.
struct S3URLBuilder: Sendable {
    let configuration: S3Configuration

    /// The scheme (`http` or `https`).
    var scheme: Substring { configuration.endpoint.prefix { $0 != ":" } }

    /// `host[:port]` of the endpoint.
    var endpointAuthority: Substring { configuration.endpoint.dropFirst(scheme.count + 3) }

    /// The authority requests go to: the endpoint's, or `bucket.` plus it for virtual-hosted style.
    var authority: String {
        switch configuration.addressingStyle {
        case .path: return String(endpointAuthority)
        case .virtualHosted: return configuration.bucket + "." + endpointAuthority
        }
    }

    /// The canonical path for `fullKey` (prefix included), or the bucket itself when `nil`.
    func path(fullKey: String?) -> String {
        let base = configuration.addressingStyle == .path ? "/" + Self.encode(configuration.bucket, keepSlash: false) : ""
        guard let fullKey else { return base.isEmpty ? "/" : base }
        return base + "/" + Self.encode(fullKey, keepSlash: true)
    }

    /// The full URL of an object (or of the bucket when `fullKey` is `nil`) with `query`.
    func url(fullKey: String?, query: [(String, String)] = []) -> String {
        var url = "\(scheme)://\(authority)\(path(fullKey: fullKey))"
        let canonical = Self.canonicalQuery(query)
        if !canonical.isEmpty { url += "?" + canonical }
        return url
    }

    /// `name=value&…` sorted by encoded name, then value.
    static func canonicalQuery(_ query: [(String, String)]) -> String {
        query.map { (encode($0.0, keepSlash: false), encode($0.1, keepSlash: false)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// AWS URI encoding: unreserved bytes as they are, `/` kept when `keepSlash`, every other
    /// byte of the UTF-8 form as `%XY` with upper-case hex.
    static func encode(_ string: String, keepSlash: Bool) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XY` escapes (and `+` as a space when `plusIsSpace`); invalid escapes stay as they are.
    static func decode(_ string: String, plusIsSpace: Bool = false) -> String {
        let bytes = Array(string.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func value(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = value(bytes[index + 1]), let low = value(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
