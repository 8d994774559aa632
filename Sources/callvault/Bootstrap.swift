import App
import Logging
import Synchronization

/// What every command does first: read the configuration, send logs to standard error at the
/// configured level, and build the application through the one composition root.
enum Bootstrap {
    private static let loggingStarted = Mutex(false)

    /// The configuration, with `logLevel` overriding `CALLVAULT_LOG_LEVEL` when given.
    static func configuration(logLevel: Logger.Level? = nil, quietUnlessSet: Bool = false) async throws -> CallvaultConfiguration {
        var configuration = try await CallvaultConfiguration.load()
        if let logLevel {
            configuration.logLevel = logLevel
        } else if quietUnlessSet, configuration.sources[ConfigurationKey.logLevel.name] == nil {
            configuration.logLevel = .error
        }
        startLogging(configuration.logLevel)
        return configuration
    }

    /// The application built from the configuration.
    static func application(
        requireRingCentral: Bool = false, logLevel: Logger.Level? = nil
    ) async throws -> CallvaultApplication {
        let configuration = try await configuration(logLevel: logLevel)
        return try await CallvaultApplication.build(configuration, options: .init(requireRingCentral: requireRingCentral))
    }

    /// Sends logs to standard error, once per process.
    static func startLogging(_ level: Logger.Level) {
        let first = loggingStarted.withLock { started -> Bool in
            defer { started = true }
            return !started
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
