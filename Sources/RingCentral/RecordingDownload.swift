/// A recording's bytes on disk, checked to be audio.
public struct RecordingDownload: Sendable, Equatable {
    /// Where the bytes are.
    public var path: String
    /// `mp3` or `wav`, from the magic bytes.
    public var format: String
    public var contentType: String?
    /// The whole file's size and SHA-256 (a resumed download hashes the earlier part too).
    public var bytes: Int64
    public var sha256: String
    /// The server's `Content-Length` for the whole entity, when it said.
    public var expectedBytes: Int64?
    /// Bytes that were already on disk from an earlier attempt.
    public var resumedFrom: Int64
}
