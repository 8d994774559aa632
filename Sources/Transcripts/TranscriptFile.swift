/// Where a transcript sidecar is stored and what it holds.
public struct TranscriptFile: Sendable, Codable, Equatable {
    /// The storage key (`recordings/YYYY/MM/DD/…_recording_{id}.transcript.json`).
    public var relativePath: String
    /// Size in bytes.
    public var bytes: Int64
    /// SHA-256 of the content, lowercase hex.
    public var sha256: String

    /// Creates a file entry.
    public init(relativePath: String, bytes: Int64, sha256: String) {
        self.relativePath = relativePath
        self.bytes = bytes
        self.sha256 = sha256
    }
}
