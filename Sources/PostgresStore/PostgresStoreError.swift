/// An error opening or using the PostgreSQL database.
///
/// Messages name the server (host, port, database) and what to do, never the password or a
/// statement's bound values.
///
/// ```swift
/// catch let error as PostgresStoreError where error.code == .unreachable { … }
/// ```
public struct PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An extensible error code; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// `CALLVAULT_DATABASE_URL` is not a `postgres://` URL callvault can use.
        public static let invalidURL = Code("invalid-url")
        /// The server could not be reached or refused the connection (including bad credentials).
        public static let unreachable = Code("unreachable")
        /// The database was migrated by a newer callvault.
        public static let schemaTooNew = Code("schema-too-new")
        /// The server lacks something callvault needs (an extension, a version).
        public static let unsupported = Code("unsupported")
        /// The server answered a statement with an error.
        public static let server = Code("server")
        /// The connection stayed lost for longer than the retry window.
        public static let connectionLost = Code("connection-lost")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong and what to do, for people; never contains secrets.
    public var message: String
    /// The server's SQLSTATE, when the server reported the error.
    public var sqlState: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { message }
}
