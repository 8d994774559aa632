/// One satisfiable byte range of a representation: `start..<end`, never empty.
struct ByteRange: Sendable, Equatable, CustomStringConvertible {
    /// The first byte.
    var start: Int64
    /// One past the last byte.
    var end: Int64

    /// How many bytes.
    var count: Int64 { end - start }

    /// `START-END/SIZE`, as in `Content-Range: bytes START-END/SIZE` (END inclusive).
    func contentRange(size: Int64) -> String { "\(start)-\(end - 1)/\(size)" }

    var description: String { "\(start)-\(end - 1)" }
}
