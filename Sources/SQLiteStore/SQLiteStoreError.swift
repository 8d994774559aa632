/// An error opening or using the SQLite file.
///
/// ```swift
/// catch let error as SQLiteStoreError where error.code == .notWritable { … }
/// ```
public struct SQLiteStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An extensible error code; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The database file exists but is not an SQLite database.
        public static let notADatabase = Code("not-a-database")
        /// The home directory or the database file cannot be written.
        public static let notWritable = Code("not-writable")
        /// The database could not be opened for another reason.
        public static let openFailed = Code("open-failed")
        /// The file was migrated by a newer version of callvault.
        public static let schemaTooNew = Code("schema-too-new")
        /// Another process held the lock for longer than the busy timeout.
        public static let busy = Code("busy")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong and what to do, for people; names files, never secrets.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
