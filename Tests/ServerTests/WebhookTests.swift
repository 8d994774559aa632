import App
import Archive
import Essentials
import Pipeline
import RingCentral
import Foundation
import JobQueue
import RingCentralSimulator
import TestSupport
import Testing
import Transfer

/// `POST /webhooks/ringcentral` over real sockets: the handshake, the token, bad bodies, and
/// events delivered by the simulator's own webhook client that end in archived recordings.
@Suite("Webhooks")
struct WebhookTests {
    static func notification(uuid: String, session: String = "s-1", status: String = "Disconnected") -> [UInt8] {
        Array(
            #"""
            {"uuid": "\#(uuid)", "event": "/restapi/v1.0/account/1/telephony/sessions", "timestamp": "2026-01-01T00:00:00Z",
             "subscriptionId": "sub", "ownerId": "1",
             "body": {"sequence": 5, "telephonySessionId": "\#(session)", "sessionId": "9",
                      "parties": [{"id": "p-1", "direction": "Inbound", "status": {"code": "\#(status)"},
                                   "recordings": [{"id": "777", "active": false}]}]}}
            """#.utf8)
    }

    @Test func theValidationHandshakeEchoesTheTokenInASmallJSONResponse() async throws {
        try await withServer { h in
            let response = try await h.post("/webhooks/ringcentral", body: [], headers: ["Validation-Token": "handshake-123"])
            #expect(response.status == 200)
            #expect(response.headers["Validation-Token"] == "handshake-123")
            #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
            #expect(response.body.count + response.headers.description.utf8.count <= 1_024)
        }
    }

    @Test func aWrongOrMissingVerificationTokenIs403AndStoresNothing() async throws {
        try await withServer { h in
            for headers: HTTPHeaders in [[:], ["Verification-Token": "guess"], ["Verification-Token": ServerHarness.webhookToken + "x"]] {
                let response = try await h.post("/webhooks/ringcentral", body: Self.notification(uuid: "u-1"), headers: headers)
                #expect(response.status == 403)
                #expect(ServerHarness.json(response)["error"] != nil)
            }
            #expect(try await h.queue.stats().totals.isEmpty)
        }
    }

    @Test func badBodiesAreRefusedClearlyAndTheServerStaysUp() async throws {
        try await withServer { h in
            let token: HTTPHeaders = ["Verification-Token": ServerHarness.webhookToken]
            let oversized = try await h.post("/webhooks/ringcentral", body: [UInt8](repeating: 0x20, count: 2 << 20), headers: token)
            #expect(oversized.status == 413)
            #expect((ServerHarness.json(oversized)["error"] as? [String: Any])?["code"] as? String == "too-large")
            for body in ["{not json", "[1, 2]", #"{"uuid": "x"}"#, #"{"uuid": "x", "event": "/restapi/v1.0/glip/posts", "body": {}}"#] {
                let response = try await h.post("/webhooks/ringcentral", body: Array(body.utf8), headers: token)
                #expect(response.status == 400, "\(body)")
                let error = ServerHarness.json(response)["error"] as? [String: Any]
                #expect(error?["message"] as? String != nil)
            }
            // A known event whose body is not that event's shape.
            for body in [
                #"{"uuid": "y", "event": "/restapi/v1.0/account/1/telephony/sessions", "body": "nope"}"#,
                #"{"uuid": "z", "event": "/ai/ringsense/v1/public/accounts/1/domains/pbx/records/9/insights", "body": [1]}"#,
            ] {
                let response = try await h.post("/webhooks/ringcentral", body: Array(body.utf8), headers: token)
                #expect(response.status == 400, "\(body)")
                let error = ServerHarness.json(response)["error"] as? [String: Any]
                #expect((error?["message"] as? String)?.contains("does not parse") == true, "\(body)")
            }
            #expect(try await h.queue.stats().totals.isEmpty, "nothing of a refused body is enqueued")
            #expect(try await h.get("/healthz", authorized: false).status == 200)
        }
    }

    @Test func anEventIsStoredWithItsJobOnceAndADuplicateChangesNothing() async throws {
        try await withServer { h in
            let token: HTTPHeaders = ["Verification-Token": ServerHarness.webhookToken]
            #expect(try await h.post("/webhooks/ringcentral", body: Self.notification(uuid: "u-7"), headers: token).status == 200)
            #expect(try await h.post("/webhooks/ringcentral", body: Self.notification(uuid: "u-7"), headers: token).status == 200)
            let jobs = try await h.queue.list(JobFilter(kind: "fetch-call-by-session"))
            #expect(jobs.map(\.idempotencyKey) == ["session:s-1"])
            // A call still ringing starts nothing.
            #expect(try await h.post("/webhooks/ringcentral", body: Self.notification(uuid: "u-8", session: "s-2", status: "Setup"), headers: token).status == 200)
            #expect(try await h.queue.list(JobFilter(kind: "fetch-call-by-session")).count == 1)
        }
    }

    @Test func eventsFromTheSimulatorsWebhookClientEndInArchivedRecordings() async throws {
        try await withServer { h in
            // The subscription the operator's serve would create, pointing at this server.
            let keeper = try #require(
                SubscriptionKeeperFactory.make(h, address: h.base + "/webhooks/ringcentral"))
            let subscription = try await keeper.ensure(now: h.app.clock.nowMillis())
            #expect(subscription.status == "Active")
            let call = SimulatedCall.recorded(
                id: "played-1", recordingId: "880001", format: .mp3, durationSeconds: 6, startTime: Date().addingTimeInterval(-30))
            h.simulator.playCall(call)
            await h.simulator.settle()
            #expect(try await eventually { try await !h.queue.list(JobFilter(kind: "fetch-call-by-session")).isEmpty })
            try await h.drain()
            #expect(try await h.app.catalog.recording("880001")?.state == .archived)
            let stats = h.simulator.stats()
            #expect(stats.webhookDeliveryFailures == 0)
        }
    }
}
