import Archive
import Foundation
import GRDB
import JobQueue
import Logging
import Media
import Pipeline
import RingCentral
import Transfer

/// The process environment, read once: where the data lives, how to open it, how to reach RingCentral.
struct AppEnvironment {
    /// `CALLVAULT_HOME`, default `./storage`.
    var home: String
    /// `CALLVAULT_SYNCHRONOUS`: `normal` (default) or `full`.
    var synchronous: DatabaseConfiguration.Synchronous
    /// `CALLVAULT_LOG_LEVEL`: trace, debug, info (default), notice, warning, error, critical.
    var logLevel: Logger.Level
    /// `CALLVAULT_FORMAT`: `mp3` (default), `wav` or `original`.
    var format: NormalizationPolicy
    /// `CALLVAULT_LOUDNESS_TARGET`: LUFS to normalize to (e.g. -16); unset changes no loudness.
    var loudnessTarget: Double?
    var variables: [String: String]

    var databasePath: String { (home as NSString).appendingPathComponent("callvault.sqlite") }

    init(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        variables = environment
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
        let formatText = environment["CALLVAULT_FORMAT"]?.lowercased() ?? ""
        guard let policy = formatText.isEmpty ? .mp3 : NormalizationPolicy(rawValue: formatText) else {
            throw CLIError.configuration("CALLVAULT_FORMAT=\(formatText) is not valid; use mp3, wav or original")
        }
        format = policy
        if let text = environment["CALLVAULT_LOUDNESS_TARGET"], !text.isEmpty {
            guard let value = Double(text), (-70.0...0.0).contains(value) else {
                throw CLIError.configuration("CALLVAULT_LOUDNESS_TARGET=\(text) must be a LUFS value between -70 and 0, e.g. -16")
            }
            loudnessTarget = value
        }
    }

    /// The archive settings (`CALLVAULT_TIMEZONE`, `CALLVAULT_KEEP_ORIGINAL`) for this home.
    func archiveConfiguration() throws -> ArchiveConfiguration {
        var variables = self.variables
        variables["CALLVAULT_HOME"] = home
        do {
            return try ArchiveConfiguration.fromEnvironment(variables)
        } catch let error as ArchiveError {
            throw CLIError.configuration(error.message)
        }
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

    /// Opens the one database with every module's tables.
    func openDatabase() throws -> DatabasePool {
        try prepareHome()
        return try QueueDatabase.open(path: databasePath, configuration: DatabaseConfiguration(synchronous: synchronous)) {
            Catalog.registerMigrations(in: &$0)
            TokenStore.registerMigrations(in: &$0)
            SyncCallLogJob.registerMigrations(in: &$0)
        }
    }

    /// Opens the queue with the built-in kinds only (no RingCentral needed).
    func openQueue() throws -> JobQueue {
        JobQueue(database: try openDatabase(), registry: AppRegistry.make(pipeline: nil), logger: logger("callvault.queue"))
    }

    /// RingCentral settings, or a configuration error naming the missing variable.
    func ringCentralConfiguration() throws -> RingCentralConfiguration {
        do {
            return try RingCentralConfiguration.fromEnvironment(variables)
        } catch let error as RingCentralError {
            throw CLIError.configuration(error.message)
        }
    }

    /// Everything a RingCentral-facing command needs.
    func openServices(requireRingCentral: Bool) throws -> AppServices {
        let database = try openDatabase()
        let configuration: RingCentralConfiguration?
        if requireRingCentral {
            configuration = try ringCentralConfiguration()
        } else {
            configuration = try? ringCentralConfiguration()
        }
        guard let configuration else {
            let queue = JobQueue(database: database, registry: AppRegistry.make(pipeline: nil), logger: logger("callvault.queue"))
            return AppServices(queue: queue, http: nil, pipeline: nil)
        }
        let http = HTTPClient(configuration: HTTPClient.Configuration(logger: logger("callvault.transfer")))
        // The client spends and learns rate-limit budgets through a queue handle of its own: the
        // budgets live in the shared database, so it needs no job kinds.
        var budgets = JobRegistry()
        for budget in RingCentralClient.defaultBudgets { budgets.declare(budget) }
        let rateLimits = JobQueue(database: database, registry: budgets, logger: logger("callvault.queue"))
        let key = try SecretKey.load(home: home, environment: variables)
        let client = RingCentralClient(
            configuration: configuration, http: http, queue: rateLimits,
            tokenStore: TokenStore(database: database, key: key), logger: logger("callvault.ringcentral")
        )
        let pipeline = PipelineContext(home: home, client: client)
        let registry = AppRegistry.make(
            pipeline: pipeline, archive: try archiveConfiguration(), policy: format, loudnessTarget: loudnessTarget
        )
        let queue = JobQueue(database: database, registry: registry, logger: logger("callvault.queue"))
        return AppServices(queue: queue, http: http, pipeline: pipeline)
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
