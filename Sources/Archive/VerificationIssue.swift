/// One difference between the catalog and the storage tree.
public struct VerificationIssue: Sendable, Equatable, Codable {
    /// What kind of drift.
    public enum Kind: String, Sendable, Codable {
        /// The catalog lists the file; it is not on disk.
        case missing
        /// The file's size differs from the catalog's.
        case sizeMismatch
        /// Same size, different SHA-256.
        case hashMismatch
        /// A file under `recordings/` that the catalog does not list.
        case untracked
        /// The file exists but cannot be read (``VerificationIssue/actual`` says why).
        case unreadable
    }

    /// What kind of drift.
    public var kind: Kind
    /// The file, relative to home.
    public var relativePath: String
    /// The recording the catalog assigns it to (`nil` for untracked files).
    public var recordingId: String?
    /// What the catalog says (size or hash).
    public var expected: String?
    /// What the disk has.
    public var actual: String?
}
