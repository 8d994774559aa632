import Logging
import PostgresNIO

extension PostgresConnection {
    /// The logger of statements: postgres-nio logs statements with their bound values at debug
    /// and trace levels, which could carry secrets (a sealed token, a webhook body), so it never
    /// logs below `info`.
    static let statementLogger: Logger = {
        var logger = Logger(label: "callvault.postgres")
        logger.logLevel = .info
        return logger
    }()

    /// Runs a statement and returns every row.
    func all(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.query(query, logger: Self.statementLogger).collect()
    }

    /// Runs a statement and returns the first row, if any.
    func first(_ query: PostgresQuery) async throws -> PostgresRow? {
        try await all(query).first
    }

    /// Runs a statement whose rows (if any) are not needed.
    func run(_ query: PostgresQuery) async throws {
        _ = try await all(query)
    }
}
