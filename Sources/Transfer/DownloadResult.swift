/// The outcome of ``HTTPClient/download(_:to:resume:progress:)``.
///
/// For a 2xx response the file holds the whole body and ``sha256`` is the SHA-256 of the
/// whole file (including any prefix kept from an earlier, interrupted attempt). For a
/// `416 Range Not Satisfiable` answering a resume of a file that was already complete,
/// ``isComplete`` is `true` and ``sha256`` covers the file. For any other status the file
/// is left exactly as it was, ``sha256`` is `nil` and the start of the error body is in
/// ``errorBody``.
public struct DownloadResult: Sendable, CustomStringConvertible {
    /// The final HTTP status code.
    public var status: Int
    /// The final response's headers.
    public var headers: HTTPHeaders
    /// The number of body bytes written to the file by this call.
    public var bytesWritten: Int64
    /// The size of the file after this call.
    public var fileSize: Int64
    /// The offset this call resumed from (`0` for a fresh or restarted download).
    public var resumedFrom: Int64
    /// Whether a partial file was found but discarded because the server did not honour
    /// the `Range` request (it answered 200, or a 206 starting elsewhere).
    public var restarted: Bool
    /// Lowercase hex SHA-256 of the whole file, for 2xx (and complete-file 416) answers.
    public var sha256: String?
    /// The `Content-Length` of the final response, if it had one (for a 206, the length
    /// of the part).
    public var contentLength: Int64?
    /// The full size of the resource as announced by the server (`Content-Range` total,
    /// or `Content-Length` of a 200), if known.
    public var expectedSize: Int64?
    /// Whether the file now holds the whole resource.
    public var isComplete: Bool
    /// The start of the body of a non-2xx response (bounded; not written to the file).
    public var errorBody: [UInt8]
    /// The URL of the final response after redirects.
    public var effectiveURL: String

    /// Whether ``status`` is in `200..<300`.
    public var isSuccess: Bool { (200..<300).contains(status) }

    public var description: String {
        "DownloadResult(\(status), written: \(bytesWritten), size: \(fileSize), resumedFrom: \(resumedFrom), "
            + "restarted: \(restarted), complete: \(isComplete), sha256: \(sha256 ?? "-"))"
    }
}
