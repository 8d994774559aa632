#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A request body: bytes plus the `Content-Type` they are sent with.
///
/// ```swift
/// let form = HTTPBody.form([("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", jwt)])
/// let json = try HTTPBody.json(["name": "value"])
/// ```
public struct HTTPBody: Sendable, Hashable {
    /// The bytes sent.
    public var bytes: [UInt8]
    /// The `Content-Type` header value, unless the request sets one itself.
    public var contentType: String?

    /// Creates a body from raw bytes.
    public init(bytes: [UInt8], contentType: String? = nil) {
        self.bytes = bytes
        self.contentType = contentType
    }

    /// A UTF-8 text body.
    public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPBody {
        HTTPBody(bytes: Array(text.utf8), contentType: contentType)
    }

    /// An `application/x-www-form-urlencoded` body; pairs are encoded in order, and a
    /// name may repeat.
    public static func form(_ fields: [(String, String)]) -> HTTPBody {
        let encoded = fields.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
        return HTTPBody(bytes: Array(encoded.utf8), contentType: "application/x-www-form-urlencoded")
    }

    /// An `application/json` body from already-encoded JSON bytes.
    public static func json(bytes: [UInt8]) -> HTTPBody {
        HTTPBody(bytes: bytes, contentType: "application/json")
    }

    /// An `application/json` body encoding `value`.
    ///
    /// - Throws: whatever `encoder` throws.
    public static func json(_ value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws -> HTTPBody {
        HTTPBody(bytes: Array(try encoder.encode(value)), contentType: "application/json")
    }

    /// Percent-encodes a form name or value (spaces become `+`).
    static func formEncode(_ string: String) -> String {
        var result = ""
        result.reserveCapacity(string.utf8.count)
        let hex: [Character] = Array("0123456789ABCDEF")
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "*"):
                result.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                result.append("+")
            default:
                result.append("%")
                result.append(hex[Int(byte >> 4)])
                result.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
