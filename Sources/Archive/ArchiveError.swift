/// An error from the archive: the catalog, the storage tree, reindexing or verification.
///
/// Match on ``code``:
/// ```swift
/// catch let error as ArchiveError where error.code == .diskFull { … }
/// ```
public struct ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An extensible error code; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The file system holding `CALLVAULT_HOME` is full (`ENOSPC`, `EDQUOT`); nothing was
        /// left in `recordings/`; retry after freeing space.
        public static let diskFull = Code("disk-full")
        /// Reading, writing, renaming or syncing a file failed for another reason.
        public static let ioFailed = Code("io-failed")
        /// No catalog row has that id.
        public static let notFound = Code("not-found")
        /// An argument cannot be used (an id with path characters, a call that does not match).
        public static let invalidArgument = Code("invalid-argument")
        /// The received bytes do not hash to the SHA-256 the caller gave.
        public static let checksumMismatch = Code("checksum-mismatch")
        /// The recording is already archived with different received bytes.
        public static let conflict = Code("conflict")
        /// The content is not a format the archive stores (mp3 or wav).
        public static let unsupportedFormat = Code("unsupported-format")
        /// A sidecar cannot be read or parsed.
        public static let invalidSidecar = Code("invalid-sidecar")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong, for people; never contains secrets.
    public var message: String
    /// The `errno` of a failed system call, when there was one.
    public var errno: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
