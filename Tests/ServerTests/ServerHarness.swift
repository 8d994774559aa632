import App
import Essentials
import Foundation
import JobQueue
import Logging
import RingCentralSimulator
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing
import Transfer

/// A `callvault serve` built by the composition root on a fresh home, listening on a free
/// loopback port, with a simulator for RingCentral, and an HTTP client (libcurl) to talk to both.
struct ServerHarness: Sendable {
    static let apiToken = "test-api-token-0123456789abcdef"
    static let webhookToken = "test-verification-token-42"

    let app: CallvaultApplication
    let simulator: RingCentralSimulator
    let base: String
    let http: HTTPClient
    let home: TemporaryDirectory
    /// The settings the server's application was built from.
    let environment: [String: String]

    var queue: JobQueue { app.queue }

    /// A request to the server with the API token.
    func get(_ path: String, headers: HTTPHeaders = [:], authorized: Bool = true) async throws -> HTTPResponse {
        var headers = headers
        if authorized { headers["Authorization"] = "Bearer \(Self.apiToken)" }
        var request = HTTPRequest.get(base + path, headers: headers)
        request.maximumResponseBodySize = 64 << 20
        return try await http.send(request)
    }

    /// A POST to the server.
    func post(_ path: String, body: [UInt8], headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        try await http.send(HTTPRequest.post(base + path, headers: headers, body: .json(bytes: body)))
    }

    /// Runs the workers until nothing is due.
    func drain() async throws {
        try await app.worker(JobProcessorConfiguration(workers: 2, drain: true, drainHorizonMillis: 0, runSchedules: false)).run()
    }

    /// The JSON object of a response.
    static func json(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }
}

/// Runs `body` with a server on a fresh home and database of `kind` (and a simulator whose calls
/// it can sync).
func withServer<T: Sendable>(
    _ kind: BackendKind = .sqlite, calls: [SimulatedCall] = [], environment extra: [String: String] = [:],
    simulator configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (ServerHarness) async throws -> T
) async throws -> T {
    var simulatorConfiguration = SimulatorConfiguration(rateLimitingEnabled: false, calls: calls, mp3Renderer: MP3RecordingRenderer())
    simulatorConfiguration.port = 0
    simulatorConfiguration.allowSlowNetwork()
    configure(&simulatorConfiguration)
    var logger = Logger(label: "test")
    logger.logLevel = .error
    let simulator = RingCentralSimulator(configuration: simulatorConfiguration, logger: logger)
    let home = try TemporaryDirectory("server")
    defer { home.remove() }
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        let simulatorGroup = ServiceGroup(services: [simulator], logger: logger)
        tasks.addTask { try await simulatorGroup.run() }
        let endpoints = try await simulator.endpoints()
        var environment = [
            "CALLVAULT_HOME": home.path, "CALLVAULT_LOG_LEVEL": "error", "CALLVAULT_API_TOKEN": ServerHarness.apiToken,
            "RINGCENTRAL_WEBHOOK_TOKEN": ServerHarness.webhookToken, "RINGCENTRAL_SERVER_URL": endpoints.platformBaseURL,
            "RINGCENTRAL_CLIENT_ID": simulatorConfiguration.clientId, "RINGCENTRAL_CLIENT_SECRET": simulatorConfiguration.clientSecret,
            "RINGCENTRAL_JWT": simulatorConfiguration.acceptedJWTs[0],
        ]
        let databaseURL = kind == .postgres ? TestBackend.freshPostgresURL() : ""
        environment["CALLVAULT_DATABASE_URL"] = databaseURL
        for (key, value) in extra { environment[key] = value }
        let app = try await CallvaultApplication.build(try await CallvaultConfiguration.load(environment: environment))
        let port = PortBox()
        let server = try app.server(host: "127.0.0.1", port: 0) { bound in port.set(bound) }
        let serverGroup = ServiceGroup(services: [server], logger: logger)
        tasks.addTask { try await serverGroup.run() }
        let bound = await port.wait()
        let http = HTTPClient(configuration: HTTPClient.Configuration(logger: logger))
        do {
            let result = try await body(
                ServerHarness(
                    app: app, simulator: simulator, base: "http://127.0.0.1:\(bound)", http: http, home: home, environment: environment))
            try await http.shutdown()
            await serverGroup.triggerGracefulShutdown()
            await simulatorGroup.triggerGracefulShutdown()
            try await tasks.waitForAll()
            await app.shutdown()
            if kind == .postgres { try await TestBackend.dropSchema(of: databaseURL) }
            return result
        } catch {
            try? await http.shutdown()
            await serverGroup.triggerGracefulShutdown()
            await simulatorGroup.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            await app.shutdown()
            if kind == .postgres { try? await TestBackend.dropSchema(of: databaseURL) }
            throw error
        }
    }
}

/// The port the server bound, once known.
final class PortBox: Sendable {
    private let value = Mutex<Int?>(nil)
    private let ready = Wakeup()

    func set(_ port: Int) {
        value.withLock { $0 = port }
        ready.signal()
    }

    func wait() async -> Int {
        while true {
            if let port = value.withLock({ $0 }) { return port }
            await ready.wait(timeoutMillis: 1_000)
        }
    }
}
