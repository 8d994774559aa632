import Essentials
import Foundation
import RingCentralSimulator
import TestSupport
import Testing

/// Transcripts through real `callvault` processes against the simulator: RingSense stored and
/// searchable, not ready then ready, a newer version replacing an older one, no licence, no
/// scope, and the AI API's polling and failure.
///
/// The simulator runs on a manual clock the test moves (insights becoming ready, AI Notes'
/// second version); callvault runs in real time, and a snoozed job is made due with
/// `callvault jobs retry`, as an operator would.
@Suite("Transcripts end to end", .serialized)
struct TranscriptEndToEndTests {
    static let refundScript = SimulatedTranscript([
        (.agent, "Thank you for calling Northwind support, this is Alex."),
        (.customer, "I was charged twice and I would like a refund for the duplicate payment."),
        (.agent, "I see the duplicate; the refund will reach your card in three days."),
    ])

    static func configuration(_ calls: [SimulatedCall], clock: ManualTimeSource) -> SimulatorConfiguration {
        var configuration = SimulatorFixture.configuration(calls: calls)
        configuration.clock = clock
        configuration.insightsRevisionFraction = 0
        return configuration
    }

    static func run(_ cli: CLIRunner, _ arguments: [String], _ environment: [String: String]) async throws -> CLIRunner.Output {
        let output = try await cli.run(arguments, environment: environment, timeoutSeconds: 180)
        #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stderr.suffix(1_500))")
        return output
    }

    /// The archive pipeline without waiting for anything snoozed.
    static func drain(_ cli: CLIRunner, _ environment: [String: String]) async throws {
        _ = try await run(cli, ["work", "--drain", "--drain-horizon", "0"], environment)
    }

    static func jobs(_ cli: CLIRunner, kind: String) async throws -> [[String: Any]] {
        let output = try await cli.run(["jobs", "list", "--kind", kind, "--json"])
        return (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    static func retry(_ cli: CLIRunner, kind: String, environment: [String: String]) async throws {
        for job in try await jobs(cli, kind: kind) where (job["state"] as? String) == "scheduled" {
            _ = try await run(cli, ["jobs", "retry", "\(job["id"] as? Int ?? 0)"], environment)
        }
    }

    static func search(_ cli: CLIRunner, _ query: String) async throws -> [[String: Any]] {
        let output = try await cli.run(["search", query, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return object?["results"] as? [[String: Any]] ?? []
    }

    @Test func ringSenseTranscriptsAreStoredSearchableAndReplacedByNewerVersions() async throws {
        let clock = ManualTimeSource(nowMillis: Millis.from(Date()))
        let calls = SimulatorFixture.calls(3)
        var configuration = Self.configuration(calls, clock: clock)
        let unlicensed = try #require(calls[1].recording?.id)
        configuration.unlicensedRecordingIds = [unlicensed]
        let refund = try #require(calls[0].recording?.id)
        configuration.transcripts = [refund: Self.refundScript]
        // AI Notes' second version appears an hour after the call.
        configuration.insightsRevisionFraction = 1
        configuration.insightsRevisionDelay = 3_600
        try await withSimulatorFixture(configuration) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            _ = try await Self.run(cli, ["sync"], sim.environment)
            try await Self.drain(cli, sim.environment)

            // Stored, searchable, with speaker and offset; the sidecar sits beside the audio.
            let hits = try await Self.search(cli, "refund")
            #expect(hits.count == 2)
            #expect(hits.allSatisfy { $0["recordingId"] as? String == refund })
            #expect(hits.contains { ($0["speaker"] as? String)?.contains("WIRELESS") == true || $0["speaker"] as? String != nil })
            #expect(hits.allSatisfy { ($0["snippet"] as? String)?.contains("«refund»") == true })
            #expect(hits.allSatisfy { ($0["start"] as? Double ?? -1) >= 0 })
            let customerHits = try await cli.run(["search", "refund", "--speaker", "customer", "--json"])
            #expect(customerHits.stdout.contains("duplicate payment"))
            #expect(!customerHits.stdout.contains("three days"))
            let vtt = try await Self.run(cli, ["transcript", refund, "--format", "vtt"], [:])
            #expect(vtt.stdout.hasPrefix("WEBVTT"))
            #expect(vtt.stdout.contains("refund"))
            let tree = FileManager.default.enumerator(atPath: cli.home.appendingPathComponent("recordings").path)?.allObjects as? [String] ?? []
            #expect(tree.contains { $0.hasSuffix("_recording_\(refund).transcript.json") })

            // No licence for the user: unavailable with the reason, not retried, said in jobs show.
            let status = try await cli.run(["transcript", unlicensed])
            #expect(status.status == 1)
            #expect(status.stderr.contains("unavailable"))
            #expect(status.stderr.contains("403"))
            let fetches = try await Self.jobs(cli, kind: "fetch-insights")
            let unlicensedJob = try #require(fetches.first { ($0["idempotencyKey"] as? String) == "insights:\(unlicensed)" })
            #expect(unlicensedJob["state"] as? String == "completed")
            #expect((unlicensedJob["lastError"] as? String)?.contains("no transcript") == true)

            // AI Notes' second version: newer, with other words; it replaces the first everywhere.
            sim.simulator.setTranscript(
                SimulatedTranscript([(.agent, "Your reimbursement is approved."), (.customer, "Great, thanks.")]),
                forRecording: refund)
            clock.advance(byMillis: 2 * 3_600_000)
            let refundJob = try #require(fetches.first { ($0["idempotencyKey"] as? String) == "insights:\(refund)" })
            _ = try await Self.run(cli, ["jobs", "retry", "\(refundJob["id"] as? Int ?? 0)"], sim.environment)
            try await Self.drain(cli, sim.environment)
            #expect(try await Self.search(cli, "reimbursement").count == 1)
            #expect(try await Self.search(cli, "refund").isEmpty)
            let json = try await Self.run(cli, ["transcript", refund], [:])
            #expect(json.stdout.contains("reimbursement"))
            #expect(!json.stdout.contains("duplicate payment"))
            #expect(try await Self.run(cli, ["verify"], [:]).stdout.contains("clean"))
        }
    }

    @Test func insightsThatAreNotReadyAreFetchedOnceTheyAre() async throws {
        let clock = ManualTimeSource(nowMillis: Millis.from(Date()))
        let calls = SimulatorFixture.calls(1)
        var configuration = Self.configuration(calls, clock: clock)
        configuration.insightsDelay = 6 * 3_600
        try await withSimulatorFixture(configuration) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            let id = try #require(calls[0].recording?.id)
            _ = try await Self.run(cli, ["sync"], sim.environment)
            try await Self.drain(cli, sim.environment)
            let pending = try await cli.run(["transcript", id])
            #expect(pending.status == 1)
            #expect(pending.stderr.contains("pending"))
            let job = try #require(try await Self.jobs(cli, kind: "fetch-insights").first)
            #expect(job["state"] as? String == "scheduled")
            #expect(job["attempt"] as? Int == 0)  // a 404 spends no attempt
            #expect((job["lastError"] as? String)?.contains("not ready") == true)

            clock.advance(byMillis: 7 * 3_600_000)
            try await Self.retry(cli, kind: "fetch-insights", environment: sim.environment)
            try await Self.drain(cli, sim.environment)
            #expect(try await Self.run(cli, ["transcript", id, "--format", "txt"], [:]).stdout.contains("(agent)"))
        }
    }

    @Test func withoutTheRingSensePermissionNothingIsRequestedAndEachCallSaysWhy() async throws {
        let clock = ManualTimeSource(nowMillis: Millis.from(Date()))
        var configuration = Self.configuration(SimulatorFixture.calls(2), clock: clock)
        configuration.scope = "ReadAccounts ReadCallLog ReadCallRecording SubscriptionWebhook"
        try await withSimulatorFixture(configuration) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            _ = try await Self.run(cli, ["sync"], sim.environment)
            try await Self.drain(cli, sim.environment)
            #expect(sim.simulator.stats().routes["ringsense.record", default: 0] == 0)
            for job in try await Self.jobs(cli, kind: "fetch-insights") {
                #expect(job["state"] as? String == "completed")
                #expect((job["lastError"] as? String)?.contains("neither the RingSense nor the AI permission") == true)
            }
            let doctor = try await cli.run(["doctor"], environment: sim.environment)
            #expect(doctor.stdout.contains("transcripts are off"))
        }
    }

    @Test func theAIAPITranscribesWhenOnlyItsPermissionIsGrantedAndItsFailuresAreRecorded() async throws {
        let clock = ManualTimeSource(nowMillis: Millis.from(Date()))
        let calls = SimulatorFixture.calls(2)
        var configuration = Self.configuration(calls, clock: clock)
        configuration.scope = "AI ReadAccounts ReadCallLog ReadCallRecording SubscriptionWebhook"
        let good = try #require(calls[0].recording?.id)
        let failing = try #require(calls[1].recording?.id)
        configuration.aiUnprocessableRecordingIds = [failing]
        try await withSimulatorFixture(configuration) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            _ = try await Self.run(cli, ["sync"], sim.environment)
            try await Self.drain(cli, sim.environment)
            // Submitted (with the access token in contentUri), now polling.
            let submitted = try await Self.jobs(cli, kind: "transcribe-recording")
            #expect(submitted.count == 2)
            #expect(submitted.allSatisfy { $0["state"] as? String == "scheduled" })
            sim.simulator.completeAIJobs()
            try await Self.retry(cli, kind: "transcribe-recording", environment: sim.environment)
            try await Self.drain(cli, sim.environment)
            let text = try await Self.run(cli, ["transcript", good, "--format", "srt"], [:])
            #expect(text.stdout.contains("-->"))
            #expect(text.stdout.contains("Speaker"))
            let stored = try await Self.run(cli, ["transcript", good], [:])
            #expect(stored.stdout.contains("\"source\" : \"ai\""))
            #expect(stored.stdout.contains("\"words\""))
            let failed = try await cli.run(["transcript", failing])
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("CAI-"))
        }
    }
}
