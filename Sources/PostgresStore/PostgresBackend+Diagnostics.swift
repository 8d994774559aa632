import PostgresNIO

extension PostgresBackend {
    /// What `callvault doctor` reports about the database.
    public struct Diagnostics: Sendable, Equatable {
        /// `server_version` (such as `15.18 (Debian 15.18-0+deb12u1)`).
        public var serverVersion: String
        /// `server_version_num` (such as `150018`).
        public var serverVersionNumber: Int
        /// The extensions search needs that are installed (`pg_trgm`, `unaccent`).
        public var extensions: [String]
        /// Where the connection goes, without the password.
        public var location: String
    }

    /// Asks the server for its version and extensions.
    public func diagnostics() async throws -> Diagnostics {
        let location = pool.configuration.redactedURL
        return try await pool.read { connection in
            let (version, number) = try await connection.first(
                "SELECT current_setting('server_version'), current_setting('server_version_num')::int"
            )?.decode((String, Int).self) ?? ("?", 0)
            let extensions = try await connection.all(
                "SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent') ORDER BY extname"
            ).map { try $0.decode(String.self) }
            return Diagnostics(serverVersion: version, serverVersionNumber: number, extensions: extensions, location: location)
        }
    }
}
