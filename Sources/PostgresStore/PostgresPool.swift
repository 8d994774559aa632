public import Logging
public import PostgresNIO
import Synchronization
import _ConnectionPoolModule

/// The connections to the PostgreSQL database: postgres-nio's `PostgresClient` pool, sized by
/// ``PostgresConfiguration/poolSize``, and the transactions every store runs on it.
///
/// A lost connection is not an error callers see: a transaction that fails because its
/// connection died (the server restarted, an administrator ended the backend, the network
/// dropped) runs again on a new connection, with a growing pause, for up to
/// ``retryWindowMillis``. A transaction whose `COMMIT` was sent when the connection died may
/// have committed; running it again is safe because every write is idempotent or fenced (keyed
/// enqueues, lease tokens, upserts), and at worst a claim leases jobs that are rescued when their
/// lease expires, as after a crash.
///
/// The pool runs from ``start()`` to ``close()``: one-shot commands (`jobs list`, `search`) use
/// it without a `ServiceGroup`; in a group, the back end's service closes it after the workers
/// and the server stopped.
public final class PostgresPool: Sendable {
    /// The pool itself.
    public let client: PostgresClient
    /// Where it connects.
    public let configuration: PostgresConfiguration
    /// How long a lost connection is retried before the error surfaces.
    public let retryWindowMillis: Int64
    let logger: Logger
    private let runner = Mutex<Task<Void, Never>?>(nil)

    /// A pool for `configuration`; call ``start()`` before the first query.
    public init(configuration: PostgresConfiguration, retryWindowMillis: Int64 = 60_000, logger: Logger) {
        var settings = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: Self.tls(configuration.tls))
        settings.options.maximumConnections = configuration.poolSize
        settings.options.minimumConnections = 0
        settings.options.connectTimeout = .seconds(10)
        settings.options.additionalStartupParameters = Self.startupParameters(configuration)
        self.configuration = configuration
        self.retryWindowMillis = retryWindowMillis
        self.logger = logger
        client = PostgresClient(configuration: settings, backgroundLogger: logger)
    }

    /// Runs the pool's background work (connecting, keep-alives, idle timeouts) until ``close()``;
    /// returns once that work has begun, so the first query finds the pool running.
    public func start() async {
        await withCheckedContinuation { (begun: CheckedContinuation<Void, Never>) in
            runner.withLock { task in
                guard task == nil else { return begun.resume() }
                let client = self.client
                task = Task {
                    begun.resume()
                    await client.run()
                }
            }
        }
    }

    /// Closes every connection and waits for the pool to stop; idempotent.
    public func close() async {
        let task = runner.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    /// `search_path` set at connection start: the configured schema first, then `public` (where
    /// the extensions usually live).
    static func startupParameters(_ configuration: PostgresConfiguration) -> [(String, String)] {
        let path = configuration.schema == "public" ? "public" : "\(configuration.schema), public"
        return [("search_path", path), ("application_name", "callvault")]
    }

    static func tls(_ mode: PostgresConfiguration.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: - Units of work

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` when it throws), again on a
    /// new connection when the connection was lost.
    /// - Throws: What `body` throws, or ``PostgresStoreError`` for the server's errors.
    public func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying {
            try await self.client.withConnection { connection in
                try await connection.query("BEGIN", logger: self.logger)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: self.logger)
                    return value
                } catch {
                    if !Self.isConnectionLoss(error) { _ = try? await connection.query("ROLLBACK", logger: self.logger) }
                    throw error
                }
            }
        }
    }

    /// Runs `body` on one connection outside a transaction (each statement commits by itself),
    /// again on a new connection when the connection was lost.
    public func read<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying { try await self.client.withConnection { connection in try await body(connection) } }
    }

    /// Runs `operation` until it succeeds, fails for a reason other than a lost connection, or the
    /// retry window passes; server errors become ``PostgresStoreError``.
    func retrying<T>(_ operation: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(retryWindowMillis)
        var delayMillis: Int64 = 20
        while true {
            do {
                return try await operation()
            } catch {
                guard Self.isConnectionLoss(error) else { throw Self.translate(error, configuration) }
                guard clock.now < deadline else {
                    throw PostgresStoreError(
                        .connectionLost,
                        "lost the connection to \(configuration.redactedURL) and could not get it back within "
                            + "\(retryWindowMillis / 1000) s (\(Self.summary(error)))")
                }
                logger.warning(
                    "database connection lost; retrying", metadata: ["delay_ms": "\(delayMillis)", "error": "\(Self.summary(error))"])
                try await Task.sleep(for: .milliseconds(delayMillis))
                delayMillis = min(delayMillis * 2, 2_000)
            }
        }
    }

    // MARK: - Errors

    /// Whether `error` means the connection (not the statement) failed, so the work may run again:
    /// a closed or broken connection, an administrator's termination, a server restarting, too
    /// many connections, or a serialization failure or deadlock the server resolved by aborting us.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection:
                return true
            case .server:
                guard let state = error.serverInfo?[.sqlState] else { return false }
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].contains(state)
            default:
                return false
            }
        }
        if let error = error as? ConnectionPoolError { return error == .connectionCreationCircuitBreakerTripped }
        return false
    }

    /// A server error as ``PostgresStoreError`` (its SQLSTATE and message, never bound values);
    /// other errors unchanged.
    static func translate(_ error: any Error, _ configuration: PostgresConfiguration) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if error.code == .server, let info = error.serverInfo {
            return PostgresStoreError(
                .server, "PostgreSQL error \(info[.sqlState] ?? "?"): \(info[.message] ?? "unknown")", sqlState: info[.sqlState])
        }
        return PostgresStoreError(.unreachable, "the connection to \(configuration.redactedURL) failed (\(summary(error)))")
    }

    /// A short description of a failure without bound values.
    static func summary(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo { return "\(info[.sqlState] ?? "?") \(info[.message] ?? "")" }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
