import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobQueue
import Logging
import RingCentral
import RingCentralSimulator
import Synchronization
import Testing

/// Subscriptions, webhook payload models, RingSense and the async AI API against the simulator.
@Suite("RingCentral platform calls")
struct PlatformTests {
    /// Webhook bodies a test subscriber received, decoded with callvault's own models.
    final class Received: Sendable {
        let bodies = Mutex<[(token: String?, body: Data)]>([])
        var count: Int { bodies.withLock { $0.count } }
    }

    /// A subscriber on a live loopback port that echoes the Validation-Token handshake.
    func withSubscriber(_ body: @Sendable @escaping (String, Received) async throws -> Void) async throws {
        let received = Received()
        let router = Router()
        let validation = HTTPField.Name("Validation-Token")!
        router.post("/hook") { request, _ -> Response in
            var request = request
            if let token = request.headers[validation] {
                return Response(status: .ok, headers: [validation: token, .contentType: "application/json"])
            }
            let buffer = try await request.collectBody(upTo: 1 << 20)
            received.bodies.withLock {
                $0.append((request.headers[HTTPField.Name("Verification-Token")!], Data(buffer.readableBytesView)))
            }
            return Response(status: .ok)
        }
        var logger = Logger(label: "subscriber")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)/hook", received) }
    }

    @Test func subscriptionsLifecycleAndTypedWebhookPayloads() async throws {
        var configuration = SimulatorConfiguration(rateLimitingEnabled: false)
        configuration.calls = [SimulatedCall.recorded(id: "c-1", recordingId: "4242", format: .wavPCM16, durationSeconds: 30)]
        try await withClientHarness(configuration) { h in
            try await h.unlimitOurBudgets()
            try await withSubscriber { address, received in
                let client = h.client()
                let created = try await client.createSubscription(
                    SubscriptionRequest(eventFilters: SubscriptionRequest.archiverFilters, address: address, verificationToken: "verify-me")
                )
                #expect(created.status == "Active")
                #expect(created.eventFilters.allSatisfy { !$0.contains("~") })
                #expect(try await client.subscriptions().map(\.id).contains(created.id))
                #expect(try await client.renewSubscription(created.id).id == created.id)

                _ = await h.simulator.emitTelephonySessionEvents(callId: "c-1")
                _ = await h.simulator.emitRingSenseInsightsEvent(recordingId: "4242")
                #expect(try await eventually { received.count >= 4 })
                var telephony: [WebhookEnvelope<TelephonySessionEvent>] = []
                var insights: [WebhookEnvelope<RecordingInsights>] = []
                for (token, body) in received.bodies.withLock({ $0 }) {
                    #expect(token == "verify-me")
                    if let event = try? JSONDecoder().decode(WebhookEnvelope<TelephonySessionEvent>.self, from: body), event.isTelephonySession {
                        telephony.append(event)
                    } else {
                        insights.append(try JSONDecoder().decode(WebhookEnvelope<RecordingInsights>.self, from: body))
                    }
                }
                #expect(telephony.contains { $0.body.callEnded })
                #expect(telephony.flatMap(\.body.recordingIds).contains("4242"))
                #expect(insights.first?.isRingSenseInsights == true)
                #expect(insights.first?.body.sourceRecordId == "4242")
                #expect(insights.first?.body.transcript.isEmpty == false)

                try await client.deleteSubscription(created.id)
                #expect(try await client.subscriptions().isEmpty)
            }
        }
    }

    @Test func ringSenseInsightsAndTheAsyncAIAPI() async throws {
        var configuration = SimulatorConfiguration(rateLimitingEnabled: false)
        configuration.calls = [SimulatedCall.recorded(id: "c-2", recordingId: "777", format: .wavPCM16, durationSeconds: 40)]
        try await withClientHarness(configuration) { h in
            try await h.unlimitOurBudgets()
            let client = h.client()
            let all = try await client.ringSenseInsights(recordingId: "777")
            #expect(all.sourceRecordId == "777")
            #expect(!all.transcript.isEmpty)
            #expect(all.transcript.allSatisfy { ($0.end ?? 0) <= 40.5 })
            let onlySummary = try await client.ringSenseInsights(recordingId: "777", insightTypes: ["Summary"])
            #expect(onlySummary.insights.keys.sorted() == ["Summary"])

            let uri = try await client.recordingMetadata("777").contentUri
            let jobId = try await client.analyzeInteraction(contentUri: uri, encoding: "Wav", webhook: "http://127.0.0.1:9/ai")
            #expect(try await client.aiJobStatus(jobId).isFinished == false)
            h.simulator.completeAIJobs()
            let done = try await client.aiJobStatus(jobId)
            #expect(done.status == "Success")
            #expect(done.response != nil)
        }
    }

    @Test func payloadModelsTolerateUnknownFieldsAndOddTypes() throws {
        let record = #"""
            {"id": 123, "startTime": "2025-01-06T10:30:00Z", "duration": "42", "direction": "Inbound",
             "result": "Some Future Result", "brandNewField": {"x": [1, 2]},
             "recording": {"id": 999, "contentUri": "https://media.ringcentral.com:443/restapi/v1.0/account/1/recording/999/content", "type": "FutureType"},
             "legs": [{"legType": "Accept", "master": "true", "result": "Accepted"}, {"legType": 7}, "garbage"],
             "from": {"phoneNumber": "(650) 555-1212"}}
            """#
        let decoded = try JSONDecoder().decode(CallLogRecord.self, from: Data(record.utf8))
        #expect(decoded.id == "123")
        #expect(decoded.duration == 42)
        #expect(decoded.recording?.id == "999")
        #expect(decoded.recording?.contentUri.contains(":443/") == true)
        #expect(decoded.legs.count == 2)
        #expect(decoded.from?.e164 == "+16505551212")
        #expect(CallQualification.classify(decoded).outcome == .accepted)
        #expect(CallQualification.classify(decoded).decidingLeg == 0)

        let page = #"{"records": [{"id": "a"}, {"noId": true}, {"id": "b"}], "navigation": {}, "paging": {"perPage": 2}}"#
        let parsed = try JSONDecoder().decode(CallLogPage.self, from: Data(page.utf8))
        #expect(parsed.records.map(\.id) == ["a", "b"])
        #expect(parsed.skippedRecords == 1)
        #expect(parsed.navigation?.nextPage == nil)
    }

    @Test(arguments: [
        (["Missed"], CallQualification.Outcome.missed), (["Voicemail"], .voicemail), (["Sent to Voicemail"], .voicemail),
        (["Blocked"], .blocked), (["Restricted Number"], .blocked), (["No Answer", "Call connected"], .accepted),
        (["Busy", "Voicemail"], .voicemail), (["Something New"], .unknown),
    ])
    func qualificationFromLegs(results: [String], expected: CallQualification.Outcome) {
        let record = CallLogRecord(id: "x", result: nil, legs: results.map { CallLogLeg(result: $0) })
        #expect(CallQualification.classify(record).outcome == expected)
    }

    @Test(arguments: [
        ("+1 (650) 555-1212", "+16505551212"), ("6505551212", "+16505551212"), ("16505551212", "+16505551212"),
        ("tel:+442071838750", "+442071838750"), ("00442071838750", "+442071838750"), ("101", nil), ("anonymous", nil),
    ])
    func phoneNumbersNormalizeToE164(raw: String, expected: String?) {
        #expect(PhoneNumber.e164(raw) == expected)
    }
}

/// Polls `condition` until it holds or ten seconds pass.
func eventually(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
