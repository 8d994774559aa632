/// Where the body bytes of a transfer go; called on the transfer thread from libcurl's
/// write callback.
protocol ResponseBodySink: AnyObject {
    /// Takes one chunk of body bytes of the response described by `head`.
    ///
    /// - Returns: `false` to abort the transfer (libcurl then fails with `CURLE_WRITE_ERROR`).
    func receive(_ bytes: UnsafeRawBufferPointer, head: ResponseHead) -> Bool
}
