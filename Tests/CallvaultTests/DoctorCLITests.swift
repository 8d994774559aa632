import Foundation
import RingCentralSimulator
import TestSupport
import Testing

/// `callvault doctor` on a good home and on broken ones.
@Suite("callvault doctor")
struct DoctorCLITests {
    @Test func aGoodHomeWithCredentialsPassesAndShowsScopesButNoSecret() async throws {
        try await withSimulatorFixture(SimulatorFixture.configuration(calls: [])) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            let output = try await cli.run(["doctor"], environment: sim.environment)
            #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
            #expect(output.stdout.contains("ok   database"))
            #expect(output.stdout.contains("quick_check ok"))
            #expect(output.stdout.contains("FTS5"))
            #expect(output.stdout.contains("libavformat"))
            #expect(output.stdout.contains("ReadCallRecording"))
            #expect(output.stdout.contains(#/RINGCENTRAL_CLIENT_SECRET +<set>/#))
            for secret in [SimulatorFixture.clientSecret, SimulatorFixture.jwt] {
                #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
            }
            let json = try await cli.run(["doctor", "--json"], environment: sim.environment)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let checks = try #require(object["checks"] as? [[String: Any]])
            #expect(checks.allSatisfy { $0["status"] as? String != "failed" })
            #expect(checks.contains { $0["name"] as? String == "ringcentral" && $0["status"] as? String == "ok" })
        }
    }

    @Test func aDatabaseThatIsNotSQLiteFailsWithWhatToDoAndStaysUntouched() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let garbage = Data("definitely not a database".utf8)
        try garbage.write(to: URL(fileURLWithPath: cli.databasePath))
        let output = try await cli.run(["doctor"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL database"))
        #expect(output.stdout.contains("not an SQLite database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == garbage)
    }

    @Test func refusedCredentialsAndAFileAsHomeFail() async throws {
        try await withSimulatorFixture(SimulatorFixture.configuration(calls: [])) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            var environment = sim.environment
            environment["RINGCENTRAL_JWT"] = "a-wrong-jwt-credential"
            let refused = try await cli.run(["doctor"], environment: environment)
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("FAIL ringcentral"))
            #expect(refused.stdout.contains("RINGCENTRAL_JWT"))
            #expect(!refused.stdout.contains("a-wrong-jwt-credential"))

            let file = cli.home.appendingPathComponent("plain-file")
            try Data("x".utf8).write(to: file)
            let notADirectory = try await cli.run(["doctor"], environment: ["CALLVAULT_HOME": file.path])
            #expect(notADirectory.status == 1)
            #expect(notADirectory.stdout.contains("FAIL configuration"))
            #expect(notADirectory.stdout.contains("set CALLVAULT_HOME to a directory"))
        }
    }
}
