import NIOCore

/// A `multipart/byteranges` body (RFC 9110 §14.6) laid out byte for byte as nginx lays it out:
///
/// ```
/// CRLF "--" boundary CRLF "Content-Type: " type CRLF "Content-Range: bytes S-E/SIZE" CRLF CRLF data
/// … one such part per range, in the order asked …
/// CRLF "--" boundary "--" CRLF
/// ```
///
/// The boundary is 20 decimal digits, as long as nginx's; it is random rather than a counter, so
/// it tells nothing about the traffic.
struct MultipartByteranges: Sendable {
    /// The boundary.
    let boundary: String
    /// The ranges, in the order asked.
    let ranges: [ByteRange]
    /// The size of the whole representation.
    let size: Int64
    /// The `Content-Type` of each part (the representation's).
    let partType: String

    /// A body of `ranges` of a `size`-byte representation of type `partType`.
    init(ranges: [ByteRange], size: Int64, partType: String, boundary: String = MultipartByteranges.makeBoundary()) {
        self.ranges = ranges
        self.size = size
        self.partType = partType
        self.boundary = boundary
    }

    /// A fresh boundary: 20 random decimal digits.
    static func makeBoundary() -> String {
        let digits = String(UInt64.random(in: 0...UInt64.max))
        return String(repeating: "0", count: 20 - digits.count) + digits
    }

    /// The response's `Content-Type`.
    var contentType: String { "multipart/byteranges; boundary=\(boundary)" }

    /// The header block that opens the part of `range`.
    func header(for range: ByteRange) -> String {
        "\r\n--\(boundary)\r\nContent-Type: \(partType)\r\nContent-Range: bytes \(range.contentRange(size: size))\r\n\r\n"
    }

    /// The closing delimiter.
    var closing: String { "\r\n--\(boundary)--\r\n" }

    /// The body as segments: each part's header, its range of the file, then the closing delimiter.
    var segments: [BodySegment] {
        var segments: [BodySegment] = []
        segments.reserveCapacity(ranges.count * 2 + 1)
        for range in ranges {
            segments.append(.bytes(ByteBuffer(string: header(for: range))))
            segments.append(.file(range))
        }
        segments.append(.bytes(ByteBuffer(string: closing)))
        return segments
    }

    /// The body's length.
    var contentLength: Int64 { segments.reduce(0) { $0 + $1.count } }
}
