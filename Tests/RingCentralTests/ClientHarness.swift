import App
import Crypto
import Essentials
import Foundation
import JobQueue
import Logging
import RingCentral
import RingCentralSimulator
import SQLiteStore
import ServiceLifecycle
import Synchronization
import TestSupport
import Transfer

/// A simulator on a loopback port, a queue on a real database, and a client wired to both.
struct ClientHarness: Sendable {
    let simulator: RingCentralSimulator
    let endpoints: SimulatorEndpoints
    let backend: TestBackend
    let queue: JobQueue
    let http: HTTPClient
    let logs: LogCapture
    /// The one clock of the simulator, the queue and the client.
    let clock: ManualTimeSource

    var configuration: RingCentralConfiguration {
        RingCentralConfiguration(
            serverURL: endpoints.platformBaseURL, clientId: simulator.configuration.clientId,
            clientSecret: simulator.configuration.clientSecret, jwt: simulator.configuration.acceptedJWTs[0], perPage: 1000
        )
    }

    /// A client over this harness's database; `key` defaults to one derived from a fixed passphrase.
    func client(perPage: Int = 1000, jwt: String? = nil, renewalMarginSeconds: Int = 60) -> RingCentralClient {
        var configuration = configuration
        configuration.perPage = perPage
        configuration.renewalMarginSeconds = renewalMarginSeconds
        if let jwt { configuration.jwt = jwt }
        let key = SymmetricKey(data: SHA256.hash(data: Data("test passphrase".utf8)))
        return RingCentralClient(
            configuration: configuration, http: http, budget: QueueRateLimitBudget(budgets: queue.budgets),
            tokenStore: TokenStore(vault: backend.sqlite.tokens, key: key), clock: queue.clock, logger: logs.logger("ringcentral")
        )
    }

    /// Makes every group effectively unlimited on our side (for tests not about rate limits).
    func unlimitOurBudgets() async throws {
        for group in RingCentral.RateLimitGroup.all {
            try await queue.setRateLimit(RateLimit(key: group.key, limit: 100_000, windowMillis: 1_000))
        }
    }

    /// A scratch directory for downloads.
    var directory: URL { backend.directory.url }

    /// The sealed token as stored.
    func sealedToken() async throws -> [UInt8]? { try await backend.sqlite.tokens.sealedToken(named: "default") }

    /// The simulator's counters for a group named like `heavy`.
    func groupStats(_ name: String) -> SimulatorStats.GroupStats {
        simulator.stats().groups.first { $0.key.rawValue == name }?.value ?? SimulatorStats.GroupStats()
    }
}

/// Runs `body` with a simulator, a queue and clients that share one manual clock; whenever they
/// wait for time (a rate-limit token, a penalty, a token's expiry), ``TimeDriver`` moves it.
func withClientHarness<T: Sendable>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(rateLimitingEnabled: false),
    _ body: @escaping @Sendable (ClientHarness) async throws -> T
) async throws -> T {
    let clock = ManualTimeSource(nowMillis: Millis.from(Date()))
    var configuration = configuration
    configuration.port = 0
    configuration.clock = clock
    var simulatorLogger = Logger(label: "simulator")
    simulatorLogger.logLevel = .warning
    let simulator = RingCentralSimulator(configuration: configuration, logger: simulatorLogger)
    let group = ServiceGroup(services: [simulator], logger: simulatorLogger)
    let logs = LogCapture()
    var registry = JobRegistry()
    for group in RingCentral.RateLimitGroup.all {
        registry.declare(RateLimit(key: group.key, limit: group.defaultLimit, windowMillis: group.defaultWindowMillis))
    }
    let backend = try await TestBackend.make()
    defer { backend.remove() }
    let queue = JobQueue(store: backend.queueStore, registry: registry, clock: clock)
    try await queue.declare(registry.rateLimits)
    let http = HTTPClient(configuration: HTTPClient.Configuration(logger: logs.logger("transfer")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let endpoints = try await simulator.endpoints()
        let harness = ClientHarness(
            simulator: simulator, endpoints: endpoints, backend: backend, queue: queue, http: http, logs: logs, clock: clock)
        do {
            let result = try await TimeDriver(clock).run { try await body(harness) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            try await http.shutdown()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            try? await http.shutdown()
            throw error
        }
    }
}

/// Collects every log line (at trace level) so tests can check that no secret was written.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(merged)")
        }
    }
}
