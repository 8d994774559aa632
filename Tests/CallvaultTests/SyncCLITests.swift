import Foundation
import JobQueue
import RingCentralSimulator
import TestSupport
import Testing

/// `callvault sync` as a user runs it, against the simulator.
@Suite("callvault sync")
struct SyncCLITests {
    static let noRingCentral = [
        "RINGCENTRAL_SERVER_URL": "", "RINGCENTRAL_CLIENT_ID": "", "RINGCENTRAL_CLIENT_SECRET": "", "RINGCENTRAL_JWT": "",
    ]

    @Test func aMissingSettingExitsTwoNamingIt() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        var environment = Self.noRingCentral
        environment["RINGCENTRAL_SERVER_URL"] = "http://127.0.0.1:9"
        let output = try await cli.run(["sync"], environment: environment)
        #expect(output.status == 2)
        #expect(output.stderr.contains("RINGCENTRAL_CLIENT_ID"))
        environment["RINGCENTRAL_CLIENT_ID"] = "id"
        environment["RINGCENTRAL_CLIENT_SECRET"] = "secret"
        let noJWT = try await cli.run(["sync"], environment: environment)
        #expect(noJWT.status == 2)
        #expect(noJWT.stderr.contains("RINGCENTRAL_JWT"))
        let bad = try await cli.run(["sync", "--hours", "2", "--from", "2025-01-01T00:00:00Z"])
        #expect(bad.status == 2)
    }

    @Test func dryRunWritesNothingThenSyncEnqueuesOncePerRecording() async throws {
        try await withSimulatorFixture(SimulatorFixture.configuration(calls: SimulatorFixture.calls(5))) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            let dry = try await cli.run(["sync", "--dry-run", "--json"], environment: sim.environment)
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("\"jobsEnqueued\" : 5"))
            let counts = try await Self.counts(cli)
            #expect(counts.calls == 0 && counts.jobs == 0)

            let first = try await cli.run(["sync"], environment: sim.environment)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("jobs enqueued:     5"))
            #expect(first.stdout.contains("accepted 5"))
            let second = try await cli.run(["sync"], environment: sim.environment)
            #expect(second.stdout.contains("jobs enqueued:     0"))
            #expect(second.stdout.contains("already known:     5"))
            #expect(try await Self.counts(cli) == (calls: 5, jobs: 5))
        }
    }

    @Test func debugOutputNeverContainsSecrets() async throws {
        try await withSimulatorFixture(SimulatorFixture.configuration(calls: SimulatorFixture.calls(2))) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            let output = try await cli.run(["sync", "--debug"], environment: sim.environment)
            #expect(output.status == 0, "\(output.stderr)")
            let text = output.stdout + output.stderr
            #expect(text.contains("debug"))
            for secret in [SimulatorFixture.clientSecret, SimulatorFixture.jwt] {
                #expect(!text.contains(secret), "a secret leaked into --debug output")
            }
            let key = try String(contentsOf: cli.home.appendingPathComponent("secret.key"), encoding: .utf8)
            #expect(!text.contains(key.trimmingCharacters(in: .whitespacesAndNewlines)))
            let mode = try FileManager.default.attributesOfItem(atPath: cli.home.appendingPathComponent("secret.key").path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(!text.contains("Bearer "))
        }
    }

    static func counts(_ cli: CLIRunner) async throws -> (calls: Int, jobs: Int) {
        (try await cli.rows("calls").count, try await cli.rows("jobs").count)
    }
}
