import App
import Archive
import Crypto
import Essentials
import Foundation
import Logging
import Media
import RingCentralSimulator
import Server
import ServiceLifecycle
import TestSupport
import Testing
import Transfer

/// `callvault serve` as the composition root builds it, on a fresh home, a manual clock and a
/// loopback port, with real audio filed through ``ArchiveStore`` and, when asked, RingCentral
/// played by the simulator (its own platform and media listeners).
struct StreamFixture: Sendable {
    let app: CallvaultApplication
    let clock: ManualTimeSource
    let home: TemporaryDirectory
    let port: Int
    let http: HTTPClient
    let simulator: RingCentralSimulator?

    static let apiToken = "stream-test-token-0123456789"
    static let now: Int64 = 1_767_225_600_000

    var base: String { "http://127.0.0.1:\(port)" }

    /// Sends `method path` with `headers` (and the bearer token unless `bearer` is false).
    func request(
        _ path: String, method: Transfer.HTTPMethod = .get, headers: [(String, String)] = [], bearer: Bool = true
    ) async throws -> Transfer.HTTPResponse {
        var fields = HTTPHeaders(headers)
        if bearer { fields.add(name: "Authorization", value: "Bearer \(Self.apiToken)") }
        var request = Transfer.HTTPRequest(method: method, url: path.hasPrefix("http") ? path : base + path, headers: fields)
        request.maximumResponseBodySize = 64 << 20
        return try await http.send(request)
    }

    /// A signed link to a recording's stream, valid for an hour of the fixture's clock.
    func signedURL(_ id: String) -> String {
        let path = "/recordings/\(id)/stream"
        return base + path + "?" + app.signer.query(method: "GET", path: path, expires: clock.nowMillis() / 1000 + 3600)
    }

    /// Synthesizes `seconds` of speech-like audio in `format`, files it as recording `id`, and
    /// returns the stored audio's catalog entry and bytes.
    func file(id: String, format: AudioFileFormat, seconds: Double, seed: UInt64 = 11) async throws -> (file: StoredFile, bytes: [UInt8]) {
        let received = home.path("in-\(id).\(format.fileExtension)")
        try await AudioSynthesizer(durationSeconds: seconds, seed: seed).write(format, to: received)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: received)))
        let sha = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let start = clock.nowMillis() - 3_600_000
        let call = CallEntry(
            id: "call-\(id)", startTimeMillis: start, durationSeconds: Int64(seconds), direction: "Inbound", qualification: "accepted",
            recordJSON: #"{"id":"call-\#(id)"}"#)
        let recording = RecordingEntry(
            id: id, callId: call.id, contentUri: "https://media.example/restapi/v1.0/account/~/recording/\(id)/content",
            recordingType: "Automatic", expectedDurationSeconds: Int64(seconds))
        let archived = try await app.archive.file(
            recording: recording, call: call, receivedPath: received, normalizedPath: nil, normalization: nil, receivedSHA256: sha)
        let stored = try await app.storage.readAll(key: archived.audio.relativePath)
        return (archived.audio, stored)
    }

    /// Runs `body` with a fixture; with `calls`, RingCentral is the simulator serving them.
    static func with<T: Sendable>(
        calls: [SimulatedCall]? = nil, rateLimiting: Bool = false, _ body: @Sendable (StreamFixture) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "stream-test")
        logger.logLevel = .error
        let home = try TemporaryDirectory("stream")
        defer { home.remove() }
        var environment = [
            "CALLVAULT_HOME": home.path, "CALLVAULT_LOG_LEVEL": "error", "CALLVAULT_API_TOKEN": apiToken,
        ]
        var simulator: RingCentralSimulator?
        var simulatorGroup: ServiceGroup?
        if let calls {
            var configuration = SimulatorConfiguration(rateLimitingEnabled: rateLimiting, calls: calls, mp3Renderer: MP3RecordingRenderer())
            configuration.port = 0
            configuration.mediaPort = 0
            let sim = RingCentralSimulator(configuration: configuration, logger: logger)
            simulator = sim
            simulatorGroup = ServiceGroup(services: [sim], logger: logger)
            environment["RINGCENTRAL_CLIENT_ID"] = configuration.clientId
            environment["RINGCENTRAL_CLIENT_SECRET"] = configuration.clientSecret
            environment["RINGCENTRAL_JWT"] = configuration.acceptedJWTs[0]
            environment["RINGCENTRAL_WEBHOOK_TOKEN"] = "webhook-verification-token-0123456789"
        }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            if let simulatorGroup, let simulator {
                tasks.addTask { try await simulatorGroup.run() }
                environment["RINGCENTRAL_SERVER_URL"] = try await simulator.endpoints().platformBaseURL
            }
            let clock = ManualTimeSource(nowMillis: now)
            let configuration = try await CallvaultConfiguration.load(environment: environment)
            let app = try await CallvaultApplication.build(configuration, options: .init(requireRingCentral: calls != nil, clock: clock))
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let server = try app.server(host: "127.0.0.1", port: 0) { port in portContinuation.yield(port) }
            let serverGroup = ServiceGroup(services: [server], logger: logger)
            tasks.addTask { try await serverGroup.run() }
            let http = HTTPClient(configuration: .init(acceptCompressedResponses: false))
            do {
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw CancellationError() }
                let fixture = StreamFixture(app: app, clock: clock, home: home, port: port, http: http, simulator: simulator)
                let result = try await body(fixture)
                try await http.shutdown()
                await serverGroup.triggerGracefulShutdown()
                await simulatorGroup?.triggerGracefulShutdown()
                try await tasks.waitForAll()
                await app.shutdown()
                return result
            } catch {
                try? await http.shutdown()
                await serverGroup.triggerGracefulShutdown()
                await simulatorGroup?.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                await app.shutdown()
                throw error
            }
        }
    }
}

extension Transfer.HTTPResponse {
    /// A header's first value.
    func header(_ name: String) -> String? { headers[name] }

    /// The `error.code` of a JSON error body.
    var errorCode: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return nil }
        return error["code"] as? String
    }
}
