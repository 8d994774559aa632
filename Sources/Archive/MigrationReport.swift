/// What ``StorageMigrator/run(progress:)`` did.
public struct MigrationReport: Sendable, Equatable, Codable {
    /// A catalog file that was not copied, and why.
    public struct Problem: Sendable, Equatable, Codable {
        /// The key.
        public var key: String
        /// Why it was not copied.
        public var message: String
    }

    /// Files uploaded and verified in this run.
    public var filesCopied = 0
    /// Bytes uploaded in this run.
    public var bytesCopied: Int64 = 0
    /// Files the destination already had with the catalog's size and SHA-256.
    public var filesPresent = 0
    /// Catalog files missing or damaged in the source (run `callvault verify`).
    public var problems: [Problem] = []
    /// Files under `recordings/` in the source that no catalog row lists; not copied.
    public var untracked: [String] = []

    /// Creates an empty report.
    public init() {}

    /// Every catalog file is in the destination.
    public var isComplete: Bool { problems.isEmpty }
}
