import App
import Archive
import Essentials
import Foundation
import JobQueue
import Logging
import Pipeline
import RingCentral
import RingCentralSimulator
import ServiceLifecycle
import TestSupport
import Testing
import Transfer
import Transcripts

/// The async AI API's result arriving by callback at `/webhooks/ringcentral/ai/{secret}`.
@Suite("AI callbacks")
struct AICallbackTests {
    @Test(arguments: BackendKind.all) func aResultPostedToTheCallbackIsStoredWithoutPolling(_ kind: BackendKind) async throws {
        let call = SimulatedCall.recorded(
            id: "ai-1", recordingId: "995001", format: .mp3, durationSeconds: 8, startTime: Date().addingTimeInterval(-3_600))
        try await withServer(kind, calls: [call], simulator: { configuration in
            configuration.scope = "AI ReadAccounts ReadCallLog ReadCallRecording SubscriptionWebhook"
            configuration.aiJobDelay = 0.2
        }) { h in
            // A worker whose public URL is this server, on the same home: it registers the callback.
            var environment = h.environment
            environment["CALLVAULT_PUBLIC_URL"] = h.base
            let worker = try await CallvaultApplication.build(try await CallvaultConfiguration.load(environment: environment))
            let sync = CallLogSync(client: worker.client!, queue: worker.queue, catalog: worker.catalog)
            _ = try await sync.run(CallLogQuery(dateFrom: Date().addingTimeInterval(-86_400), dateTo: Date()))
            // Work until the AI job is submitted (download, normalize, insights, transcribe), however
            // slowly a loaded machine gets there: its first poll is a minute after submission, so
            // stopping as soon as the job id is stored leaves the result to the callback.
            let workers = ServiceGroup(
                services: [worker.worker(JobProcessorConfiguration(workers: 2, runSchedules: false))], logger: Logger(label: "test"))
            let submitted = try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await workers.run() }
                let submitted = try await eventually(timeoutSeconds: 300) {
                    try await worker.transcripts.transcriptStatus(recordingId: "995001")?.aiJobId != nil
                }
                await workers.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return submitted
            }
            #expect(submitted)
            let polls = h.simulator.stats().routes["ai.status", default: 0]

            // The simulator posts the result to the callback; the intake stores it and its job files it.
            // The wait matches the simulator's delivery deadline on a loaded machine (allowSlowNetwork,
            // 120 s): a fresh-clone run once took over 20 s to answer the post on PostgreSQL.
            #expect(try await eventually(timeoutSeconds: 150) { h.simulator.stats().aiCallbacks == 1 }, "\(h.simulator.stats())")
            #expect(h.simulator.stats().webhookDeliveryFailures == 0)
            try await worker.worker(JobProcessorConfiguration(workers: 2, drain: true, drainHorizonMillis: 0, runSchedules: false)).run()
            let stored = try #require(try await worker.transcripts.storedTranscript(recordingId: "995001"))
            #expect(stored.transcript.source == .ai)
            #expect(h.simulator.stats().routes["ai.status", default: 0] == polls)
            await worker.shutdown()

            // A wrong secret is refused and stores nothing.
            let wrong = try await h.post("/webhooks/ringcentral/ai/not-the-secret", body: Array("{}".utf8))
            #expect(wrong.status == 403)
        }
    }
}
