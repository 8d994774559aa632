/// `manifest.json` at the root of an export: every file in the zip with its size and SHA-256.
public struct ExportManifest: Sendable, Codable, Equatable {
    /// One file of the zip.
    public struct File: Sendable, Codable, Equatable {
        /// Its path in the zip, such as `1662272004/20250106T103000Z_recording_1662272004.mp3`.
        public var path: String
        /// `audio`, `original`, `sidecar`, `transcript-json`, `transcript-vtt` or `transcript-txt`.
        public var role: String
        /// Size in bytes.
        public var bytes: Int64
        /// SHA-256 of the bytes in the zip, lowercase hex.
        public var sha256: String
    }

    /// One recording of the export.
    public struct Recording: Sendable, Codable, Equatable {
        /// RingCentral's recording id.
        public var id: String
        /// The call's start, ISO 8601 UTC.
        public var callStart: String
        /// Its files.
        public var files: [File]
    }

    /// The manifest format (1).
    public var version: Int
    /// When the export was made, ISO 8601 UTC.
    public var createdAt: String
    /// The recordings, in the order asked.
    public var recordings: [Recording]
}
