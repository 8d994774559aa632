import PostgresNIO

/// Applies ``PostgresMigration``s: in one transaction that holds a database-wide advisory lock,
/// so processes starting together wait for each other instead of racing to create the same
/// tables (or extensions, which are database-wide); the second finds everything applied.
struct PostgresMigrator: Sendable {
    let pool: PostgresPool

    /// The advisory lock key every callvault process migrates under.
    static let lockKey: Int64 = 0x6361_6c6c_7661_756c  // "callvaul"

    /// Creates the schema when missing and applies the migrations not yet recorded in it.
    /// - Throws: ``PostgresStoreError`` `.schemaTooNew` when the schema holds migrations this
    ///   version does not know, `.unsupported` when an extension is missing.
    func migrate(_ migrations: [PostgresMigration]) async throws {
        let schema = pool.configuration.schema
        let known = Set(migrations.map(\.identifier))
        try await pool.transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try await connection.run("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)")
            for name in ["pg_trgm", "unaccent"] {
                do {
                    try await connection.run(
                        PostgresQuery(unsafeSQL: "CREATE EXTENSION IF NOT EXISTS \(name) SCHEMA public"))
                } catch let error as PSQLError where error.serverInfo != nil {
                    throw PostgresStoreError(
                        .unsupported,
                        "the PostgreSQL extension \(name) is missing or may not be created by this role "
                            + "(\(error.serverInfo?[.message] ?? "?")); install postgresql-contrib and run "
                            + "CREATE EXTENSION \(name) as a superuser", sqlState: error.serverInfo?[.sqlState])
                }
            }
            try await connection.run(
                """
                CREATE TABLE IF NOT EXISTS \(unescaped: schema).callvault_migrations (
                    identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """)
            let applied = Set(
                try await connection.all("SELECT identifier FROM \(unescaped: schema).callvault_migrations")
                    .map { try $0.decode(String.self) })
            if let unknown = applied.subtracting(known).sorted().first {
                throw PostgresStoreError(
                    .schemaTooNew,
                    "schema \(schema) was migrated by a newer callvault (\(unknown)); run that version or a newer one")
            }
            for migration in migrations where !applied.contains(migration.identifier) {
                try await connection.run("SET LOCAL search_path TO \(unescaped: schema), public")
                for statement in migration.statements {
                    try await connection.run(PostgresQuery(unsafeSQL: statement))
                }
                try await connection.run(
                    "INSERT INTO \(unescaped: schema).callvault_migrations (identifier) VALUES (\(migration.identifier))")
            }
        }
    }
}
