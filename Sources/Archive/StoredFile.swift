/// One file in the storage tree, as the catalog lists it (the `files` table).
public struct StoredFile: Sendable, Codable, Equatable {
    /// The recording the file belongs to.
    public var recordingId: String
    /// What the file is.
    public var role: FileRole
    /// The path under `CALLVAULT_HOME`, e.g. `recordings/2025/01/06/20250106T103000Z_recording_1.mp3`.
    public var relativePath: String
    /// Size in bytes.
    public var bytes: Int64
    /// SHA-256 of the content, lowercase hex.
    public var sha256: String
    /// `mp3`, `wav` or `json`.
    public var format: String
    /// When the file was filed, milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a file entry.
    public init(
        recordingId: String, role: FileRole, relativePath: String, bytes: Int64, sha256: String, format: String,
        createdAt: Int64
    ) {
        self.recordingId = recordingId
        self.role = role
        self.relativePath = relativePath
        self.bytes = bytes
        self.sha256 = sha256
        self.format = format
        self.createdAt = createdAt
    }
}
