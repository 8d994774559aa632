import Foundation
import JobQueue
import Logging

/// The process environment, read once: where the data lives and how to open it.
struct AppEnvironment {
    /// `CALLVAULT_HOME`, default `./storage`.
    var home: String
    /// `CALLVAULT_SYNCHRONOUS`: `normal` (default) or `full`.
    var synchronous: DatabaseConfiguration.Synchronous
    /// `CALLVAULT_LOG_LEVEL`: trace, debug, info (default), notice, warning, error, critical.
    var logLevel: Logger.Level

    var databasePath: String { (home as NSString).appendingPathComponent("callvault.sqlite") }

    init(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        home = environment["CALLVAULT_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "./storage"
        switch environment["CALLVAULT_SYNCHRONOUS"]?.lowercased() {
        case nil, "", "normal": synchronous = .normal
        case "full": synchronous = .full
        case let other?:
            throw CLIError.configuration("CALLVAULT_SYNCHRONOUS=\(other) is not valid; set it to normal or full")
        }
        let level = environment["CALLVAULT_LOG_LEVEL"]?.lowercased() ?? "info"
        guard let parsed = Logger.Level(rawValue: level) else {
            throw CLIError.configuration(
                "CALLVAULT_LOG_LEVEL=\(level) is not valid; use trace, debug, info, notice, warning, error or critical"
            )
        }
        logLevel = parsed
    }

    /// Creates the home directory when missing.
    func prepareHome() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError.configuration("CALLVAULT_HOME=\(home) is a file; set CALLVAULT_HOME to a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            throw CLIError.configuration(
                "cannot create CALLVAULT_HOME=\(home) (\(error.localizedDescription)); set CALLVAULT_HOME to a writable directory"
            )
        }
    }

    /// Opens the database and the queue with every job kind this build knows.
    func openQueue() throws -> JobQueue {
        try prepareHome()
        let database = try QueueDatabase.open(
            path: databasePath, configuration: DatabaseConfiguration(synchronous: synchronous)
        )
        return JobQueue(database: database, registry: AppRegistry.make(), logger: logger("callvault.queue"))
    }

    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }

    /// Sends logs to standard error once per process.
    static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
