import Foundation
import JobQueue
import RingCentralSimulator
import SQLiteStore
import TestSupport
import Testing
import Transfer

/// A real `callvault serve` process: what it answered 200 for survives a SIGKILL that follows at once.
@Suite("Serve process", .serialized)
struct ServeProcessTests {
    static let webhookToken = "verification-token-5c1d"

    static func notification(uuid: String, session: String) -> [UInt8] {
        Array(
            #"""
            {"uuid": "\#(uuid)", "event": "/restapi/v1.0/account/~/telephony/sessions", "timestamp": "2026-01-01T00:00:00Z",
             "subscriptionId": "sub", "ownerId": "1",
             "body": {"sequence": 7, "telephonySessionId": "\#(session)", "sessionId": "9",
                      "parties": [{"id": "p-1", "direction": "Inbound", "status": {"code": "Disconnected"},
                                   "recordings": [{"id": "88\#(session.suffix(3))", "active": false}]}]}}
            """#.utf8)
    }

    /// Starts `serve` on a free port and returns it with the port it listens on.
    static func startServe(_ cli: CLIRunner, environment: [String: String]) async throws -> (CLIRunner.Running, Int) {
        let serve = try cli.start(["serve", "--port", "0", "--no-workers"], environment: environment)
        var port: Int?
        let listening = try await eventually(timeoutSeconds: 60) {
            guard let range = serve.stderr.range(of: #"port=\d+"#, options: .regularExpression) else { return false }
            port = Int(serve.stderr[range].dropFirst(5))
            return port != nil
        }
        guard listening, let port else { throw CLIRunnerError(message: "serve did not start: \(serve.stderr)") }
        return (serve, port)
    }

    @Test func eventsAnswered200SurviveASIGKILLAndDuplicatesChangeNothing() async throws {
        try await withSimulatorFixture(SimulatorFixture.configuration(calls: [])) { fixture in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            let environment = fixture.environment.merging(
                ["RINGCENTRAL_WEBHOOK_TOKEN": Self.webhookToken, "CALLVAULT_API_TOKEN": "api-token-0123456789abcdef"]) { $1 }
            let http = HTTPClient(configuration: HTTPClient.Configuration())
            defer { Task { try? await http.shutdown() } }

            let (serve, port) = try await Self.startServe(cli, environment: environment)
            let url = "http://127.0.0.1:\(port)/webhooks/ringcentral"
            let headers: HTTPHeaders = ["Verification-Token": Self.webhookToken]
            let uuids = (0..<20).map { "evt-\($0)" }
            for (index, uuid) in uuids.enumerated() {
                let response = try await http.send(
                    HTTPRequest.post(url, headers: headers, body: .json(bytes: Self.notification(uuid: uuid, session: "s-\(100 + index)"))))
                #expect(response.status == 200)
            }
            // Killed the moment the last 200 arrived: no graceful shutdown, no flush.
            serve.kill(SIGKILL)
            _ = await serve.wait(timeoutSeconds: 10)

            let events = try await cli.rows("webhook_events", orderBy: "id")
            #expect(events.map { $0["id"] ?? "" }.sorted() == uuids.sorted())
            let queue = JobQueue(store: try await cli.backend().queue, registry: TestBackend.registry())
            let jobs = try await queue.list(JobFilter(limit: 100))
            #expect(jobs.filter { $0.kind == "fetch-call-by-session" }.count == uuids.count)

            // Restarted, the same deliveries again (RingCentral retries) are 200s that add nothing.
            let (again, port2) = try await Self.startServe(cli, environment: environment)
            defer { again.kill(SIGTERM) }
            for (index, uuid) in uuids.prefix(5).enumerated() {
                let response = try await http.send(
                    HTTPRequest.post(
                        "http://127.0.0.1:\(port2)/webhooks/ringcentral", headers: headers,
                        body: .json(bytes: Self.notification(uuid: uuid, session: "s-\(100 + index)"))))
                #expect(response.status == 200)
            }
            #expect(try await cli.rows("webhook_events", orderBy: "id").count == uuids.count)
            #expect(try await queue.list(JobFilter(limit: 100)).count == jobs.count)
            again.kill(SIGTERM)
            // On failure, what serve logged while stopping says which part held it.
            let stopped = await again.wait(timeoutSeconds: 30)
            #expect(stopped == 0, "serve did not stop cleanly after SIGTERM: \(again.stderr.suffix(4_000))")
        }
    }
}
