import Essentials
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RingCentralSimulator
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A response as seen by the tests.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { self.headers[name.lowercased()] }

    var json: JSONValue {
        (try? JSONValue.parse(self.body)) ?? .null
    }
}

/// A tiny URLSession wrapper hitting the simulator over real loopback sockets.
struct TestHTTP: Sendable {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = 20
        return URLSession(configuration: configuration)
    }()

    static func send(
        _ url: String,
        method: String = "GET",
        headers: [String: String] = [:],
        body: Data? = nil
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: url)!, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 20)
        request.httpMethod = method
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String {
                fields[key.lowercased()] = value
            }
        }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }
}

/// A running simulator plus convenience calls.
struct SimulatorHarness: Sendable {
    let simulator: RingCentralSimulator
    let endpoints: SimulatorEndpoints

    var platform: String { self.endpoints.platformBaseURL }
    var media: String { self.endpoints.mediaBaseURL }
    var configuration: SimulatorConfiguration { self.simulator.configuration }

    /// The test's clock when the configuration has a manual one.
    var clock: ManualTimeSource? { self.configuration.clock as? ManualTimeSource }

    /// The media URL of a recording's content.
    func contentURL(_ recordingId: String) -> String {
        self.media + "/restapi/v1.0/account/\(self.configuration.accountId)/recording/\(recordingId)/content"
    }

    var basicAuth: String {
        "Basic " + Data("\(self.configuration.clientId):\(self.configuration.clientSecret)".utf8).base64EncodedString()
    }

    func tokenRequest(_ form: String, authorization: String? = nil) async throws -> HTTPResult {
        try await TestHTTP.send(
            self.platform + "/restapi/oauth/token", method: "POST",
            headers: ["Authorization": authorization ?? self.basicAuth, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Data(form.utf8)
        )
    }

    /// Runs the JWT grant and returns the TokenInfo.
    func login() async throws -> JSONValue {
        let jwt = self.configuration.acceptedJWTs[0]
        let result = try await self.tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(jwt)")
        #expect(result.status == 200)
        return result.json
    }

    func accessToken() async throws -> String {
        try await self.login()["access_token"]?.stringValue ?? ""
    }

    func get(_ pathOrURL: String, token: String?, headers: [String: String] = [:]) async throws -> HTTPResult {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let url = pathOrURL.hasPrefix("http") ? pathOrURL : self.platform + pathOrURL
        return try await TestHTTP.send(url, headers: headers)
    }

    func send(_ path: String, method: String, token: String?, json: JSONValue? = nil) async throws -> HTTPResult {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await TestHTTP.send(self.platform + path, method: method, headers: headers, body: json.map { Data($0.serialized().utf8) })
    }
}

/// Runs a simulator on an ephemeral loopback port for the duration of `body`, then shuts it down gracefully.
func withSimulator<T: Sendable>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    _ body: @Sendable (SimulatorHarness) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    configuration.allowSlowNetwork()
    var logger = Logger(label: "sim-test")
    logger.logLevel = .warning
    let simulator = RingCentralSimulator(configuration: configuration, logger: logger)
    let group = ServiceGroup(services: [simulator], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let endpoints = try await simulator.endpoints()
        do {
            let result = try await body(SimulatorHarness(simulator: simulator, endpoints: endpoints))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// What a test webhook subscriber saw.
final class SubscriberLog: Sendable {
    struct Delivery: Sendable {
        var verificationToken: String?
        var body: JSONValue
        var requestId: String? = nil
    }

    private let state = Mutex<(validations: Int, deliveries: [Delivery])>((0, []))

    func validation() { self.state.withLock { $0.validations += 1 } }
    func record(_ delivery: Delivery) { self.state.withLock { $0.deliveries.append(delivery) } }
    var validations: Int { self.state.withLock { $0.validations } }
    var deliveries: [Delivery] { self.state.withLock { $0.deliveries } }
}

/// How the test subscriber answers the Validation-Token request.
enum SubscriberMode: Sendable {
    case echo
    case noEcho
    case wrongEcho
    /// Echoes, but only after a delay.
    /// (Real time: this is the network deadline of the handshake under test.)
    case slowEcho(milliseconds: Int)
}

/// Runs a tiny webhook receiver on a live loopback port and passes its base URL to `body`.
///
/// `GET /files/{name}` on the same server serves `files[name]` (a stand-in for a public media host).
func withSubscriber(
    mode: SubscriberMode = .echo,
    deliveryStatus: Int = 200,
    files: [String: [UInt8]] = [:],
    _ body: @Sendable @escaping (String, SubscriberLog) async throws -> Void
) async throws {
    let log = SubscriberLog()
    let router = Router()
    router.get("/files/:name") { _, context -> Response in
        guard let bytes = files[context.parameters.get("name") ?? ""] else { return Response(status: .notFound) }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
    router.post("/hook") { request, _ -> Response in
        var request = request
        if let token = request.headers[HTTPField.Name("Validation-Token")!] {
            log.validation()
            switch mode {
            case .echo: return Response(status: .ok, headers: [HTTPField.Name("Validation-Token")!: token, .contentType: "application/json"])
            case .noEcho: return Response(status: .ok)
            case .wrongEcho: return Response(status: .ok, headers: [HTTPField.Name("Validation-Token")!: "nope"])
            case .slowEcho(let milliseconds):
                try await Task.sleep(for: .milliseconds(milliseconds))
                return Response(status: .ok, headers: [HTTPField.Name("Validation-Token")!: token])
            }
        }
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let json = (try? JSONValue.parse(Data(String(buffer: buffer).utf8))) ?? .null
        log.record(.init(
            verificationToken: request.headers[HTTPField.Name("Verification-Token")!], body: json,
            requestId: request.headers[HTTPField.Name("RCRequestId")!]
        ))
        return Response(status: HTTPResponse.Status(code: deliveryStatus))
    }
    var logger = Logger(label: "subscriber")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(client.port!)/hook", log)
    }
}

/// A fixed set of calls for tests: `count` accepted calls with recordings ending one minute apart before `now`, newest
/// first.
func fixedCalls(count: Int, format: SimulatedAudioFormat = .wavPCM16, durationSeconds: Int = 2, now: Date = Date()) -> [SimulatedCall] {
    var calls: [SimulatedCall] = []
    for index in 0..<count {
        let start: Date = now.addingTimeInterval(-Double(60 * (index + 1) + durationSeconds))
        let type: String = index % 3 == 0 ? "OnDemand" : "Automatic"
        let direction: String = index % 2 == 0 ? "Inbound" : "Outbound"
        calls.append(SimulatedCall.recorded(
            id: "call-\(index)", recordingId: String(5000 + index), format: format,
            type: type, durationSeconds: durationSeconds, startTime: start, direction: direction
        ))
    }
    return calls
}

/// A manual clock at a fixed instant (2025-01-06T10:30:00Z) and a configuration using it.
func manualConfiguration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> (SimulatorConfiguration, ManualTimeSource) {
    let clock = ManualTimeSource(nowMillis: 1_736_159_400_000)
    var configuration = SimulatorConfiguration(clock: clock)
    change(&configuration)
    return (configuration, clock)
}

extension ManualTimeSource {
    /// Now as a `Date`.
    var date: Date { Millis.date(self.nowMillis()) }

    /// Moves the clock forward by `seconds`.
    func advance(seconds: Double) {
        self.advance(byMillis: Int64((seconds * 1000).rounded()))
    }
}
