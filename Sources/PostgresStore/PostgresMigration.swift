/// One step of the PostgreSQL schema, applied once per database (schema).
///
/// Identifiers are recorded in `callvault_migrations`; they are a versioned contract, never
/// renamed. The statements run in the one transaction that applies every missing step.
public struct PostgresMigration: Sendable {
    /// The recorded name, such as `jobqueue-v1`.
    public var identifier: String
    /// The statements, run in order.
    public var statements: [String]

    /// A migration that runs `statements` once.
    public init(_ identifier: String, _ statements: [String]) {
        self.identifier = identifier
        self.statements = statements
    }
}
