/// A `Range` request header evaluated against a representation's size exactly as nginx's range
/// filter does (`ngx_http_range_filter_module.c`, `ngx_http_range_parse`), which implements RFC
/// 9110 §14.
///
/// - No `Range`, a value shorter than 7 bytes, or a unit other than `bytes=` (any case): the
///   header is ignored (``Outcome/full``).
/// - The set is parsed left to right: `N-M`, `N-` (to the end) and `-N` (the last N bytes), with
///   spaces allowed around numbers, separated by commas. Anything else in it (a letter, a
///   trailing comma, a `;`, a number too large for 63 bits) makes the whole header
///   unsatisfiable (416), as nginx answers; it is not ignored.
/// - `N-M` with `M` past the end is cut at the end; a range starting at or past the end, or with
///   `N > M`, is dropped; so is `-0`. A range that starts at 0 but selects nothing (an empty
///   file) makes the whole header ignored (200).
/// - Nothing left: unsatisfiable (416 with `Content-Range: bytes */SIZE`).
/// - More ranges than `maxRanges`, or ranges whose sizes add up to more than the file (overlaps
///   that would send more than the whole file, nginx's guard against amplification): ignored, the
///   whole file is sent with 200.
/// - Otherwise the ranges, in the order asked, overlaps kept: one is a 206 with `Content-Range`,
///   several a 206 `multipart/byteranges`.
enum ByteRangeRequest {
    /// What a `Range` header selects.
    enum Outcome: Sendable, Equatable {
        /// Send the whole representation (200).
        case full
        /// Send these ranges (206).
        case ranges([ByteRange])
        /// Nothing can be sent (416).
        case unsatisfiable
    }

    /// nginx's default `max_ranges`: unlimited (its configuration stores it as the largest 32-bit value).
    static let unlimited = Int(Int32.max)

    /// Evaluates `header` against a representation of `size` bytes.
    static func evaluate(_ header: String?, size: Int64, maxRanges: Int = unlimited) -> Outcome {
        guard let header else { return .full }
        var utf8 = Array(header.utf8)
        guard utf8.count >= 7, Self.hasBytesUnit(utf8) else { return .full }
        utf8.append(0)  // nginx reads up to the terminating NUL
        return utf8.withUnsafeBufferPointer { parse($0, from: 6, size: size, maxRanges: maxRanges) }
    }

    private static func hasBytesUnit(_ value: [UInt8]) -> Bool {
        let unit: [UInt8] = Array("bytes=".utf8)
        for index in 0..<6 {
            var byte = value[index]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if byte != unit[index] { return false }
        }
        return true
    }

    private static let space = UInt8(ascii: " ")
    private static let dash = UInt8(ascii: "-")
    private static let comma = UInt8(ascii: ",")
    private static let zero = UInt8(ascii: "0")
    private static let nine = UInt8(ascii: "9")

    private static func parse(_ p: UnsafeBufferPointer<UInt8>, from first: Int, size contentLength: Int64, maxRanges: Int) -> Outcome {
        var i = first
        var ranges: [ByteRange] = []
        var total: Int64 = 0
        var remaining = maxRanges
        let cutoff = Int64.max / 10
        let cutlim = Int64.max % 10

        /// Reads digits into `value`; `false` on overflow of a 63-bit offset.
        func digits(_ value: inout Int64) -> Bool {
            while p[i] >= zero && p[i] <= nine {
                let digit = Int64(p[i] - zero)
                if value >= cutoff && (value > cutoff || digit > cutlim) { return false }
                value = value * 10 + digit
                i += 1
            }
            return true
        }

        while true {
            var start: Int64 = 0
            var end: Int64 = 0
            var suffix = false
            while p[i] == space { i += 1 }
            var toEnd = false
            if p[i] != dash {
                guard p[i] >= zero && p[i] <= nine else { return .unsatisfiable }
                guard digits(&start) else { return .unsatisfiable }
                while p[i] == space { i += 1 }
                guard p[i] == dash else { return .unsatisfiable }
                i += 1
                while p[i] == space { i += 1 }
                if p[i] == comma || p[i] == 0 {
                    end = contentLength
                    toEnd = true
                }
            } else {
                suffix = true
                i += 1
            }
            if !toEnd {
                guard p[i] >= zero && p[i] <= nine else { return .unsatisfiable }
                guard digits(&end) else { return .unsatisfiable }
                while p[i] == space { i += 1 }
                guard p[i] == comma || p[i] == 0 else { return .unsatisfiable }
                if suffix {
                    start = end < contentLength ? contentLength - end : 0
                    end = contentLength - 1
                }
                end = end >= contentLength ? contentLength : end + 1
            }
            if start < end {
                ranges.append(ByteRange(start: start, end: end))
                guard total <= Int64.max - (end - start) else { return .unsatisfiable }
                total += end - start
                if remaining == 0 { return .full }
                remaining -= 1
            } else if start == 0 {
                return .full
            }
            guard p[i] == comma else { break }
            i += 1
        }
        if ranges.isEmpty { return .unsatisfiable }
        if total > contentLength { return .full }
        return .ranges(ranges)
    }
}
