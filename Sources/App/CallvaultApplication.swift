public import Archive
public import Compliance
import Crypto
public import Essentials
import Foundation
public import JobQueue
public import Logging
public import Pipeline
public import RingCentral
public import S3
import S3Archive
import PostgresStore
import SQLiteStore
public import ServiceLifecycle
public import Transfer
public import Server
public import Transcripts

/// The whole application, built from its configuration in one place: the database, the queue
/// and its budgets, the archive storage, the RingCentral client and the pipeline. Every command
/// builds it with ``build(_:options:)`` and runs its long-running parts in one `ServiceGroup`
/// with ``run(_:)``.
///
/// ```swift
/// let app = try await CallvaultApplication.build(try await CallvaultConfiguration.load())
/// try await app.run([app.worker(JobProcessorConfiguration(drain: true))])
/// ```
public final class CallvaultApplication: Sendable {
    /// What the application was built from.
    public let configuration: CallvaultConfiguration
    /// Where time comes from.
    public let clock: any TimeSource
    /// The job queue, its kinds and its budgets.
    public let queue: JobQueue
    /// Calls, recordings and files.
    public let catalog: any CatalogStore
    /// Transcripts and search.
    public let transcripts: any TranscriptCatalog
    /// Where the archive's files are.
    public let storage: any ArchiveStorage
    /// Files recordings.
    public let archive: ArchiveStore
    /// The HTTP client, when RingCentral is configured.
    public let http: HTTPClient?
    /// The RingCentral API, when configured.
    public let client: RingCentralClient?
    /// What the pipeline's handlers share, when RingCentral is configured.
    public let pipeline: PipelineContext?
    /// A description of the database, for people (a path; never credentials).
    public let databaseLocation: String
    /// Signs and checks the links players get.
    public let signer: URLSigner
    /// Legal holds, deletion marks and row deletion.
    public let compliance: any ComplianceStore
    /// The audit chain.
    public let audit: any AuditLog
    /// Retention and erasure: the one deletion path.
    public let eraser: RecordingEraser
    /// Hashes phone numbers for the audit (key in `audit-phone.key`).
    public let phoneDigest: PhoneDigest
    /// The database back end.
    let backend: DatabaseBackend
    /// The HTTP client of the object store, when the files are in one.
    let storageHTTP: HTTPClient?

    /// How to build.
    public struct Options: Sendable {
        /// Fail with the missing variable's message when RingCentral is not configured.
        public var requireRingCentral: Bool
        /// Where time comes from; tests pass a manual clock.
        public var clock: any TimeSource

        /// Creates options.
        public init(requireRingCentral: Bool = false, clock: any TimeSource = SystemTimeSource()) {
            self.requireRingCentral = requireRingCentral
            self.clock = clock
        }
    }

    private init(
        configuration: CallvaultConfiguration, clock: any TimeSource, queue: JobQueue, catalog: any CatalogStore,
        transcripts: any TranscriptCatalog,
        storage: any ArchiveStorage, archive: ArchiveStore, http: HTTPClient?, client: RingCentralClient?,
        pipeline: PipelineContext?, databaseLocation: String, backend: DatabaseBackend, signer: URLSigner, storageHTTP: HTTPClient?,
        eraser: RecordingEraser
    ) {
        self.storageHTTP = storageHTTP
        self.configuration = configuration
        self.clock = clock
        self.queue = queue
        self.catalog = catalog
        self.transcripts = transcripts
        self.storage = storage
        self.archive = archive
        self.http = http
        self.client = client
        self.pipeline = pipeline
        self.databaseLocation = databaseLocation
        self.backend = backend
        self.signer = signer
        self.compliance = backend.compliance
        self.audit = backend.audit
        self.eraser = eraser
        self.phoneDigest = eraser.phoneDigest
    }

    /// Builds the application: creates the home, opens and migrates the database, and wires the
    /// queue, storage, client and pipeline.
    /// - Throws: ``ConfigurationError`` for a setting that must change (exit status 2), or the
    ///   database's error.
    public static func build(_ configuration: CallvaultConfiguration, options: Options = Options()) async throws
        -> CallvaultApplication
    {
        if options.requireRingCentral, let problem = configuration.ringCentralProblem { throw problem }
        try prepareHome(configuration.home)
        let clock = options.clock
        let logger = Self.logger("callvault.database", configuration)
        let backend = try await openDatabase(configuration, clock: clock, logger: logger)
        let storage: any ArchiveStorage
        var storageHTTP: HTTPClient?
        if let objectStore = configuration.objectStore {
            let transport = Self.objectStoreHTTPClient(configuration)
            storageHTTP = transport
            storage = objectStorage(objectStore, http: transport, configuration: configuration)
        } else {
            storage = LocalArchiveStorage(root: configuration.home)
        }
        let archive = ArchiveStore(
            configuration: configuration.archive, catalog: backend.catalog, storage: storage, clock: clock,
            logger: Self.logger("callvault.archive", configuration))
        let budgets = RateLimitBudgets(store: backend.queue, clock: clock)

        var http: HTTPClient?
        var client: RingCentralClient?
        var pipeline: PipelineContext?
        if let settings = configuration.ringCentral {
            let key: SymmetricKey
            do {
                key = try SecretKey.load(home: configuration.home, secret: configuration.secretKey)
            } catch let error as RingCentralError {
                throw ConfigurationError(error.message)
            }
            let transport = HTTPClient(configuration: HTTPClient.Configuration(logger: Self.logger("callvault.transfer", configuration)))
            let ringCentral = RingCentralClient(
                configuration: settings, http: transport, budget: QueueRateLimitBudget(budgets: budgets),
                tokenStore: TokenStore(vault: backend.tokens, key: key), clock: clock,
                logger: Self.logger("callvault.ringcentral", configuration))
            http = transport
            client = ringCentral
            pipeline = PipelineContext(
                client: ringCentral, catalog: backend.catalog, transcripts: backend.transcripts, archive: archive,
                transcriptSettings: try transcriptSettings(configuration), clock: clock)
        }
        let eraser = RecordingEraser(
            store: backend.compliance, storage: storage, locks: archive.locks, audit: backend.audit, country: configuration.phoneCountry,
            phoneDigest: PhoneDigest(key: try phoneKey(configuration)), clock: clock, checkpoint: crashHook(),
            logger: Self.logger("callvault.compliance", configuration))
        let registry = AppRegistry.make(
            pipeline: pipeline, configuration: configuration, events: backend.webhookEvents, eraser: eraser)
        let queue = JobQueue(store: backend.queue, registry: registry, clock: clock, logger: Self.logger("callvault.queue", configuration))
        do {
            try await queue.declare(registry.rateLimits)
        } catch {
            await backend.close()
            throw error
        }
        return CallvaultApplication(
            configuration: configuration, clock: clock, queue: queue, catalog: backend.catalog, transcripts: backend.transcripts,
            storage: storage,
            archive: archive, http: http, client: client, pipeline: pipeline, databaseLocation: backend.location, backend: backend,
            signer: try urlSigner(configuration), storageHTTP: storageHTTP, eraser: eraser)
    }

    /// The HTTP client of an object store: no redirects, no size limit on streamed bodies, no
    /// fsync of downloads (objects are streamed, not saved).
    public static func objectStoreHTTPClient(_ configuration: CallvaultConfiguration) -> HTTPClient {
        HTTPClient(
            configuration: HTTPClient.Configuration(
                maximumRedirects: 0, maximumConcurrentTransfers: 16, acceptCompressedResponses: false, syncDownloadsToDisk: false,
                logger: logger("callvault.s3", configuration)))
    }

    /// The archive storage in the object store `objectStore`, its requests sent through `http`.
    public static func objectStorage(
        _ objectStore: S3Configuration, http: HTTPClient, configuration: CallvaultConfiguration
    ) -> any ArchiveStorage {
        S3ArchiveStorage(client: S3Client(configuration: objectStore, httpClient: http, logger: logger("callvault.s3", configuration)))
    }

    /// Checks that the object store answers a listing of the bucket (doctor).
    /// - Throws: ``ArchiveError`` saying what the store answered.
    public func checkObjectStore() async throws {
        guard let storage = storage as? S3ArchiveStorage else { return }
        try await storage.checkReachable()
    }

    /// Opens (creating and migrating if needed) the SQLite file in the home, or PostgreSQL when
    /// `CALLVAULT_DATABASE_URL` is set; migrations run for either, PostgreSQL's under an advisory
    /// lock so processes starting together all succeed.
    static func openDatabase(_ configuration: CallvaultConfiguration, clock: any TimeSource, logger: Logger) async throws
        -> DatabaseBackend
    {
        if let postgres = configuration.postgres {
            do {
                return .postgres(try await PostgresBackend.open(configuration: postgres, clock: clock, logger: logger))
            } catch let error as PostgresStoreError where error.code == .unreachable || error.code == .schemaTooNew {
                throw ConfigurationError("CALLVAULT_DATABASE_URL: \(error.message)")
            }
        }
        do {
            return .sqlite(
                try await SQLiteBackend.open(
                    path: configuration.databasePath, configuration: SQLiteConfiguration(synchronous: configuration.synchronous),
                    clock: clock, logger: logger))
        } catch let error as SQLiteStoreError where error.code == .notWritable {
            throw ConfigurationError(error.message)
        }
    }

    /// Copies this application's database (the SQLite file) into `target`'s (PostgreSQL),
    /// resumably, then compares the two; see `callvault migrate --database`.
    public func migrateDatabase(
        to target: CallvaultApplication, progress: @Sendable (DatabaseMigrationReport) -> Void = { _ in }
    ) async throws -> DatabaseMigrationReport {
        try await DatabaseMigrator(source: self, target: target, logger: logger("callvault.migrate")).run(progress: progress)
    }

    /// The key of the audit's phone-number hashes: a 0600 file in the home, created once.
    static func phoneKey(_ configuration: CallvaultConfiguration) throws -> [UInt8] {
        let path = (configuration.home as NSString).appendingPathComponent("audit-phone.key")
        do {
            return try KeyFile.loadOrCreate(path: path)
        } catch let error as KeyFile.Failure {
            throw ConfigurationError("\(error.message); make CALLVAULT_HOME writable")
        }
    }

    /// The crash test hook: with `CALLVAULT_TEST_CRASH_AT` set to a ``DeletionStep`` name (a
    /// test setting, not a configuration key), a deletion run kills its own process with SIGKILL
    /// at that step, as a power cut would.
    static func crashHook() -> @Sendable (DeletionStep) -> Void {
        guard let name = ProcessInfo.processInfo.environment["CALLVAULT_TEST_CRASH_AT"], let step = DeletionStep(rawValue: name) else {
            return { _ in }
        }
        return { reached in
            if reached == step { kill(getpid(), SIGKILL) }
        }
    }

    /// The exporter of recordings into zips.
    public var exporter: RecordingExporter {
        RecordingExporter(
            catalog: catalog, transcripts: transcripts, storage: storage, temporaryDirectory: archive.layout.tmpDirectory, clock: clock)
    }

    /// Who runs this command, for the audit: `cli:` and the user name.
    public static var cliActor: String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "uid\(getuid())"
        return "cli:" + user
    }

    /// Appends one event to the audit (commands that read or change customer data).
    public func recordAudit(_ action: AuditAction, recordingId: String? = nil, details: [String: String] = [:]) async throws {
        try await audit.append([
            AuditEvent(at: clock.nowMillis(), action: action, actor: Self.cliActor, recordingId: recordingId, details: details)
        ])
    }

    /// How transcripts are fetched; the AI callback address carries a secret kept in the home.
    static func transcriptSettings(_ configuration: CallvaultConfiguration) throws -> TranscriptSettings {
        var callback: String?
        if let publicURL = configuration.publicURL {
            callback = publicURL + "/webhooks/ringcentral/ai/" + (try callbackSecret(configuration))
        }
        return TranscriptSettings(
            mode: configuration.transcriptMode, language: configuration.transcriptLanguage, aiCallbackURL: callback,
            recheckMillis: Int64(configuration.insightsRecheckSeconds) * 1000, redaction: configuration.redaction)
    }

    /// The signer of links: `CALLVAULT_URL_KEYS`, else a key kept in the home (0600), whose id is
    /// the start of its SHA-256.
    static func urlSigner(_ configuration: CallvaultConfiguration) throws -> URLSigner {
        if !configuration.urlKeys.isEmpty {
            return URLSigner(keys: configuration.urlKeys.map { URLSigner.Key(id: $0.id, secret: SymmetricKey(data: $0.secret)) })
        }
        let path = (configuration.home as NSString).appendingPathComponent("url-signing.key")
        do {
            let secret = try KeyFile.loadOrCreate(path: path)
            let id = Hex.encode(SHA256.hash(data: secret).prefix(4))
            return URLSigner(keys: [URLSigner.Key(id: id, secret: SymmetricKey(data: secret))])
        } catch let error as KeyFile.Failure {
            throw ConfigurationError("\(error.message); set CALLVAULT_URL_KEYS or make CALLVAULT_HOME writable")
        }
    }

    /// The HTTP server as a service, on the same stores as the workers.
    /// - Throws: ``ConfigurationError`` when RingCentral is configured but the webhook's
    ///   Verification-Token (`RINGCENTRAL_WEBHOOK_TOKEN`) is not.
    public func server(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> any Service {
        if configuration.ringCentral != nil, configuration.webhookToken == nil {
            throw ConfigurationError(
                "RINGCENTRAL_WEBHOOK_TOKEN is not set; set it to the Verification-Token of the webhook subscription "
                    + "(a long random value; callvault registers it with RingCentral)")
        }
        let appender = AuditAppender(log: audit, logger: logger("callvault.audit"))
        var dependencies = ServerDependencies(
            queue: queue, catalog: catalog, transcripts: transcripts, storage: storage,
            webhooks: WebhookIntake(store: backend.webhookEvents, queue: queue), pipeline: pipeline, signer: signer, clock: clock,
            logger: logger("callvault.server"), events: backend.webhookEvents)
        dependencies.audit = appender
        dependencies.compliance = compliance
        dependencies.exporter = exporter
        dependencies.phoneCountry = configuration.phoneCountry
        let settings = ServerSettings(
            host: host, port: port, apiToken: configuration.apiToken, webhookToken: configuration.webhookToken,
            aiCallbackSecret: try Self.callbackSecret(configuration),
            publicURL: configuration.publicURL, sessionSecret: try Self.sessionSecret(configuration),
            subscriptionManaged: client != nil && configuration.publicURL != nil && configuration.webhookToken != nil,
            redirectToStorage: configuration.redirectToObjectStore)
        return AuditedService(service: CallvaultServer.application(dependencies, settings: settings, onRunning: onRunning), appender: appender)
    }

    /// Delivered notifications and the webhook's own state.
    public var webhookEvents: any WebhookEventStore { backend.webhookEvents }

    /// The keeper of the webhook subscription, when RingCentral, `CALLVAULT_PUBLIC_URL` and
    /// `RINGCENTRAL_WEBHOOK_TOKEN` are all set.
    public func subscriptionKeeper() -> SubscriptionKeeper? {
        guard let client, let publicURL = configuration.publicURL, let token = configuration.webhookToken else { return nil }
        return SubscriptionKeeper(
            client: client, store: backend.webhookEvents, address: publicURL + "/webhooks/ringcentral", verificationToken: token,
            logger: logger("callvault.subscription"))
    }

    /// The service that keeps the subscription alive, started once `listening` is signalled.
    public func subscriptionService(listening: SubscriptionService.Listening) -> SubscriptionService? {
        subscriptionKeeper().map {
            SubscriptionService(keeper: $0, clock: clock, listening: listening, logger: logger("callvault.subscription"))
        }
    }

    /// The secret path segment of the AI callback URL (hex of 16 random bytes in a 0600 file).
    static func callbackSecret(_ configuration: CallvaultConfiguration) throws -> String {
        let path = (configuration.home as NSString).appendingPathComponent("ai-callback.key")
        do {
            return try Hex.encode(KeyFile.loadOrCreate(path: path, byteCount: 16))
        } catch let error as KeyFile.Failure {
            throw ConfigurationError("\(error.message); make CALLVAULT_HOME writable")
        }
    }

    /// The secret the page's session cookies are signed with (32 random bytes in a 0600 file), so
    /// sessions outlive a restart; changing `CALLVAULT_API_TOKEN` still ends them all.
    static func sessionSecret(_ configuration: CallvaultConfiguration) throws -> [UInt8] {
        let path = (configuration.home as NSString).appendingPathComponent("session.key")
        do {
            return try KeyFile.loadOrCreate(path: path)
        } catch let error as KeyFile.Failure {
            throw ConfigurationError("\(error.message); make CALLVAULT_HOME writable")
        }
    }

    /// A logger at the configured level.
    public func logger(_ label: String) -> Logger { Self.logger(label, configuration) }

    /// A logger at `configuration`'s level, before an application exists.
    public static func logger(_ label: String, _ configuration: CallvaultConfiguration) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = configuration.logLevel
        return logger
    }

    /// The workers as a service.
    public func worker(_ configuration: JobProcessorConfiguration) -> JobProcessor {
        JobProcessor(queue: queue, configuration: configuration, logger: logger("callvault.worker"))
    }

    /// Runs `services` in one `ServiceGroup` until they finish or SIGTERM/SIGINT arrives (graceful
    /// shutdown: the workers stop claiming and release what they run), then stops the HTTP
    /// client. The group shuts down when any service returns.
    public func run(_ services: [any Service]) async throws {
        do {
            try await ServiceRunner.run(services, logger: logger("callvault.lifecycle"))
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Stops the HTTP client's threads and closes the database's connections.
    public func shutdown() async {
        try? await http?.shutdown()
        try? await storageHTTP?.shutdown()
        await backend.close()
    }

    /// Runs `body`, then shuts down, whether `body` returned or threw.
    public func use<T>(_ body: (CallvaultApplication) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await shutdown()
            return result
        } catch {
            await shutdown()
            throw error
        }
    }

    /// Creates the home directory when missing.
    static func prepareHome(_ home: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigurationError("CALLVAULT_HOME=\(home) is a file; set CALLVAULT_HOME to a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(
                "cannot create CALLVAULT_HOME=\(home) (\(error.localizedDescription)); set CALLVAULT_HOME to a writable directory")
        }
    }
}
