/// A request body streamed from a file, or from a byte range of one, without loading it.
///
/// libcurl pulls the bytes with `pread` as it sends them (`CURLOPT_READFUNCTION`), so memory
/// use does not depend on the body's size; if libcurl must send the body again (a rejected
/// `Expect: 100-continue`, a reused connection that turned out dead) it rewinds it
/// (`CURLOPT_SEEKFUNCTION`). The file must hold at least `offset + length` bytes when the
/// request starts; if it shrinks meanwhile the transfer fails with
/// ``TransferError/Code/fileSystem``.
///
/// ```swift
/// var request = HTTPRequest(method: .put, url: uploadURL)
/// request.fileBody = HTTPFileBody(path: "/archive/a.mp3", offset: 16 << 20, length: 16 << 20)
/// ```
public struct HTTPFileBody: Sendable, Hashable {
    /// The file to read.
    public var path: String
    /// The first byte sent.
    public var offset: Int64
    /// How many bytes are sent; `nil` sends from ``offset`` to the end of the file.
    public var length: Int64?
    /// The `Content-Type` header value, unless the request sets one itself.
    public var contentType: String?

    /// Creates a file body.
    public init(path: String, offset: Int64 = 0, length: Int64? = nil, contentType: String? = nil) {
        self.path = path
        self.offset = offset
        self.length = length
        self.contentType = contentType
    }
}
