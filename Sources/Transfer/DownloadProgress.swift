/// A progress report for a download in flight, passed to the `progress` observer of
/// ``HTTPClient/download(_:to:resume:progress:)``.
///
/// Reports are throttled (about one per MiB written, or per 200 ms of a slow transfer, plus a final one) and
/// delivered on the transfer thread: keep the observer quick and non-blocking.
public struct DownloadProgress: Sendable, Hashable {
    /// Bytes of the file present so far, including a resumed prefix.
    public var bytesOnDisk: Int64
    /// The expected final size of the file, when the server announced it.
    public var expectedSize: Int64?
}
