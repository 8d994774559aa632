import Archive
import Compliance
import Foundation
import SQLiteStore
import TestSupport
import Testing

/// `retention`, `hold`, `erase`, `audit` and `export` as real `callvault` processes on a home
/// filled by ``ArchiveBuilder``; the crash tests SIGKILL a retention run at each step.
@Suite("Compliance commands", .serialized)
struct ComplianceCLITests {
    static let day: Int64 = 86_400_000

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Eight recordings, 10 to 80 days old (one with an original, each with a transcript); r30 is held.
    static func archive(_ cli: CLIRunner, timeZone: TimeZone = .utc) async throws -> ArchiveBuilder {
        let builder = ArchiveBuilder(backend: try await cli.backend(), home: cli.home.path, timeZone: timeZone)
        let now = now()
        for days in stride(from: 10, through: 80, by: 10) {
            try await builder.add(
                recordingId: "r\(days)", callStart: now - Int64(days) * day, from: days % 20 == 0 ? "+16505550100" : "+14155550\(days)",
                lines: ["call from \(days) days ago", "words of recording \(days)"], original: days == 40)
        }
        return builder
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    static func run(_ cli: CLIRunner, _ arguments: [String], environment: [String: String] = [:], status: Int32 = 0) async throws -> CLIRunner.Output {
        let output = try await cli.run(arguments, environment: environment, timeoutSeconds: 120)
        #expect(output.status == status, "\(arguments.joined(separator: " ")): \(output.stderr.suffix(1_000))")
        return output
    }

    @Test func dryRunAndRealRunAgreeAcrossTimeZonesAndHoldsAreKept() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let zone = ["CALLVAULT_TIMEZONE": "America/New_York"]
        _ = try await Self.archive(cli, timeZone: TimeZone(identifier: "America/New_York")!)
        _ = try await Self.run(cli, ["hold", "add", "r30", "--reason", "Case 42: keep"], environment: zone)
        let dryRun = try await Self.run(cli, ["retention", "--older-than", "24.5", "--dry-run", "--json"], environment: zone)
        let dry = Self.json(dryRun.stdout)
        #expect(dry["recordings"] as? [String] == ["r80", "r70", "r60", "r50", "r40"])
        #expect((dry["held"] as? [[String: Any]])?.first?["recordingId"] as? String == "r30")
        #expect(try await Self.run(cli, ["verify"]).stdout.contains("clean"))

        let realRun = try await Self.run(cli, ["retention", "--older-than", "24.5", "--json"], environment: zone)
        let real = Self.json(realRun.stdout)
        for key in ["recordings", "count", "bytes", "oldestCall", "newestCall"] {
            #expect("\(real[key] ?? "nil")" == "\(dry[key] ?? "nil")", "\(key)")
        }
        #expect(real["dryRun"] as? Bool == false)
        let text = try await Self.run(cli, ["retention", "--older-than", "24.5"], environment: zone)
        #expect(text.stdout.contains("deleted 0 recordings"))
        #expect(text.stdout.contains("hold 1 (recording, \"Case 42: keep\")"))
        #expect(try await Self.run(cli, ["verify"]).stdout.contains("clean"))
        let left = try await cli.rows("recordings", orderBy: "id").compactMap { $0["id"] }
        #expect(left == ["r10", "r20", "r30"])
        let audit = try await Self.run(cli, ["audit", "--action", "retention.", "--json"])
        let removed = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []).compactMap {
            ($0["event"] as? [String: Any])?["recordingId"] as? String
        }
        #expect(removed == ["r80", "r70", "r60", "r50", "r40"])
        #expect(try await Self.run(cli, ["audit", "verify"]).stdout.contains("intact"))
    }

    @Test(arguments: DeletionStep.allCases)
    func aRetentionRunKilledAtEachStepIsFinishedByTheNextRun(_ step: DeletionStep) async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        _ = try await Self.archive(cli)
        let killed = try await cli.run(
            ["retention", "--older-than", "35"], environment: ["CALLVAULT_TEST_CRASH_AT": step.rawValue], timeoutSeconds: 120)
        #expect(killed.status != 0, "the run at \(step.rawValue) was not killed: \(killed.stdout)")
        let marked = try await cli.rows("recordings", orderBy: "id").filter { $0["deletion_marked_at"] != "NULL" }.compactMap { $0["id"] }
        #expect(Set(marked).isSubset(of: ["r40", "r50", "r60", "r70", "r80"]))

        let rerun = try await Self.run(cli, ["retention", "--older-than", "35", "--json"])
        let report = Self.json(rerun.stdout)
        let finished = Set((report["recordings"] as? [String] ?? []) + (report["resumed"] as? [String] ?? []))
        #expect(finished.isSuperset(of: Set(marked)))
        let verify = try await Self.run(cli, ["verify"])
        #expect(verify.stdout.contains("clean"), "\(step.rawValue): \(verify.stdout)")
        let left = try await cli.rows("recordings", orderBy: "id").compactMap { $0["id"] }
        #expect(left == ["r10", "r20", "r30"])
        #expect(try await cli.rows("recordings", orderBy: "id").allSatisfy { $0["deletion_marked_at"] == "NULL" })
        let search = try await Self.run(cli, ["search", "words", "--json"])
        #expect(Self.json(search.stdout)["total"] as? Int == 3)
        #expect(try await Self.run(cli, ["audit", "verify"]).stdout.contains("intact"))
    }

    @Test func erasureByANumberWrittenThreeWaysRefusesHeldRecordings() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        _ = try await Self.archive(cli)
        // r20, r40, r60, r80 are with +16505550100; a phone hold and a recording hold.
        _ = try await Self.run(cli, ["hold", "add", "--phone", "650 555 0100", "--reason", "Matter 9"])
        let list = try await Self.run(cli, ["hold", "list", "--json"])
        #expect(list.stdout.contains("+16505550100"))
        for written in ["+1 (650) 555-0100", "16505550100", "650-555-0100"] {
            let dry = try await Self.run(cli, ["erase", "--phone", written, "--dry-run", "--json"], status: 1)
            let report = Self.json(dry.stdout)
            #expect((report["held"] as? [[String: Any]])?.count == 4, "\(written)")
            #expect(report["count"] as? Int == 0)
            #expect(dry.stderr.contains("Matter 9"))
        }
        _ = try await Self.run(cli, ["hold", "remove", "--phone", "+16505550100"])
        _ = try await Self.run(cli, ["hold", "add", "r40", "--reason", "Audit 2026"])
        let erased = try await Self.run(cli, ["erase", "--phone", "16505550100", "--json"], status: 1)
        let report = Self.json(erased.stdout)
        #expect(report["recordings"] as? [String] == ["r80", "r60", "r20"])
        #expect(erased.stderr.contains("recording r40 is held by hold 2 (recording, \"Audit 2026\")"))
        let left = try await cli.rows("recordings", orderBy: "id").compactMap { $0["id"] }
        #expect(left == ["r10", "r30", "r40", "r50", "r70"])
        #expect(try await Self.run(cli, ["verify"]).stdout.contains("clean"))
        let audit = try await Self.run(cli, ["audit", "--csv"])
        #expect(!audit.stdout.contains("5550100"))
        #expect(audit.stdout.contains("hmac-sha256:"))

        let bad = try await Self.run(cli, ["erase", "--phone", "call me maybe"], status: 2)
        #expect(bad.stderr.contains("not a phone number"))
        _ = try await Self.run(cli, ["erase", "--recording", "r10", "--phone", "1"], status: 2)
        let byId = try await Self.run(cli, ["erase", "--recording", "r10", "missing", "--json"], status: 1)
        #expect(Self.json(byId.stdout)["notFound"] as? [String] == ["missing"])
    }

    @Test func auditVerifyNamesTheFirstBrokenEntry() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        _ = try await Self.archive(cli)
        _ = try await Self.run(cli, ["search", "words"])
        _ = try await Self.run(cli, ["transcript", "r10", "--format", "txt"])
        _ = try await Self.run(cli, ["hold", "add", "r20", "--reason", "x"])
        let entries = try await Self.run(cli, ["audit", "--json"])
        let actions = (try JSONSerialization.jsonObject(with: Data(entries.stdout.utf8)) as? [[String: Any]] ?? []).compactMap {
            ($0["event"] as? [String: Any])?["action"] as? String
        }
        #expect(actions == ["search", "transcript.read", "hold.add"])
        #expect(entries.stdout.contains("\"query\" : \"words\""))
        #expect(try await Self.run(cli, ["audit", "verify"]).stdout.contains("3 entries"))
        _ = try await ChildProcess.run("/usr/bin/sqlite3", [cli.databasePath, "UPDATE audit_log SET actor = 'cli:nobody' WHERE seq = 2"])
        let broken = try await Self.run(cli, ["audit", "verify"], status: 1)
        #expect(broken.stderr.contains("entry 2"))
    }

    @Test func exportWritesAZipWithAManifestOfChecksums() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        _ = try await Self.archive(cli)
        let output = cli.home.appendingPathComponent("out.zip").path
        let result = try await Self.run(cli, ["export", "r40", "r10", "--output", output])
        #expect(result.stdout.contains("exported 2 recordings"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") else { return }
        let into = cli.home.appendingPathComponent("unzipped").path
        #expect(try await ChildProcess.run("/usr/bin/unzip", ["-q", output, "-d", into]).status == 0)
        let manifest = try JSONDecoder().decode(ExportManifest.self, from: try Data(contentsOf: URL(fileURLWithPath: into + "/manifest.json")))
        #expect(manifest.recordings.map(\.id) == ["r40", "r10"])
        #expect(manifest.recordings[0].files.count == 6)
        for file in manifest.recordings.flatMap(\.files) {
            let data = try #require(FileManager.default.contents(atPath: into + "/" + file.path))
            #expect(ArchiveBuilder.sha256([UInt8](data)) == file.sha256, "\(file.path)")
        }
        let audit = try await Self.run(cli, ["audit", "--action", "export", "--json"])
        #expect(audit.stdout.contains("\"r40\""))
        _ = try await Self.run(cli, ["export", "nope", "--output", output + "2"], status: 1)
        #expect(!FileManager.default.fileExists(atPath: output + "2"))
    }
}
