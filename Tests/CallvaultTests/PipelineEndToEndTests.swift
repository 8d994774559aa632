import Crypto
import Foundation
import Media
import RingCentralSimulator
import TestSupport
import Testing

/// The archive pipeline through real `callvault` processes against the simulator: faults, kills,
/// a full disk, reindex.
@Suite("Archive pipeline end to end", .serialized)
struct PipelineEndToEndTests {
    /// Budgets generous enough not to pace the test, but with headers so windows are learned.
    static func configuration(_ calls: [SimulatedCall]) -> SimulatorConfiguration {
        var configuration = SimulatorFixture.configuration(calls: calls)
        configuration.rateLimitingEnabled = true
        for group in RateLimitGroup.allCases { configuration.rateLimits[group] = RateLimitBudget(limit: 1_000, window: 1) }
        return configuration
    }

    static func recordings(_ cli: CLIRunner) async throws -> [String: (state: String, error: String?)] {
        Dictionary(uniqueKeysWithValues: try await cli.rows("recordings", orderBy: "id").map {
            ($0["id"] ?? "", (state: $0["state"] ?? "", error: $0["last_error"] == "NULL" ? nil : $0["last_error"]))
        })
    }

    /// Requests for recording content the simulator has answered.
    static func contentRequests(_ sim: SimulatorFixture) -> Int {
        sim.simulator.stats().routes.filter { $0.key.contains("content") }.values.reduce(0, +)
    }

    /// Jobs of this home as (kind, state, last error).
    static func jobs(_ cli: CLIRunner) async throws -> [(kind: String, state: String, error: String)] {
        try await cli.rows("jobs", orderBy: "id").map { ($0["kind"] ?? "", $0["state"] ?? "", $0["last_error"] ?? "NULL") }
    }

    static func archivedFiles(_ cli: CLIRunner, _ recordingId: String) -> [String] {
        let root = cli.home.appendingPathComponent("recordings")
        let all = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        return all.filter { $0.contains("_recording_\(recordingId).") }.sorted()
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    @Test func everyFaultEndsArchivedOrDeadWithItsReason() async throws {
        let calls = SimulatorFixture.calls(8)
        try await withSimulatorFixture(Self.configuration(calls)) { sim in
            let ids = calls.compactMap { $0.recording?.id }
            let faults: [(String, SimulatorFault.Kind)] = [
                (ids[0], .serverError(503)), (ids[1], .truncatedBody(fraction: 0.5)), (ids[2], .okWithRateLimitBody),
                (ids[3], .connectionReset(afterBytes: 4_000)), (ids[4], .htmlErrorPageAsAudio), (ids[5], .notFound),
                (ids[6], .rateLimitWithoutRetryAfter),
            ]
            for (id, kind) in faults { sim.simulator.inject(SimulatorFault(kind, target: .content, recordingId: id)) }
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            #expect(try await cli.run(["sync"], environment: sim.environment).status == 0)
            let work = try await cli.run(["work", "--drain", "--workers", "4"], environment: sim.environment, timeoutSeconds: 180)
            #expect(work.status == 0, "\(work.stderr.suffix(2_000))")
            let states = try await Self.recordings(cli)
            for id in [ids[0], ids[1], ids[2], ids[3], ids[6], ids[7]] {
                #expect(states[id]?.state == "archived", "recording \(id): \(String(describing: states[id]))")
                let audio = try #require(Self.archivedFiles(cli, id).first { $0.hasSuffix(".mp3") })
                let served = try await sim.simulator.audioContent(recordingId: id).bytes
                let original = Self.archivedFiles(cli, id).first { $0.hasSuffix(".original.wav") } ?? audio
                let stored = try Data(contentsOf: cli.home.appendingPathComponent("recordings").appendingPathComponent(original))
                #expect(Self.sha256([UInt8](stored)) == Self.sha256(served), "the archived master of \(id) differs from what was served")
            }
            #expect(states[ids[4]]?.state == "failed")
            #expect(states[ids[4]]?.error?.contains("HTML") == true)
            #expect(states[ids[5]]?.state == "failed")
            #expect(states[ids[5]]?.error?.contains("gone (404") == true)
            #expect(Self.archivedFiles(cli, ids[4]).isEmpty && Self.archivedFiles(cli, ids[5]).isEmpty)
            let verify = try await cli.run(["verify"])
            #expect(verify.status == 0, "\(verify.stdout)")
            // Nothing half-written anywhere; no partial download left behind for the archived ones.
            let tmp = (try? FileManager.default.contentsOfDirectory(atPath: cli.home.appendingPathComponent("tmp").path)) ?? []
            #expect(!tmp.contains { $0.hasSuffix(".part") && !$0.contains(ids[4]) && !$0.contains(ids[5]) })
        }
    }

    @Test func aWAVBecomesAnMP3WithinOnePercentAndReindexRebuildsTheCatalog() async throws {
        let calls = SimulatorFixture.calls(4, durationSeconds: 20)
        try await withSimulatorFixture(Self.configuration(calls)) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            #expect(try await cli.run(["sync"], environment: sim.environment).status == 0)
            #expect(try await cli.run(["work", "--drain"], environment: sim.environment, timeoutSeconds: 180).status == 0)
            let wav = try #require(calls[1].recording?.id)
            let files = Self.archivedFiles(cli, wav)
            let mp3 = try #require(files.first { $0.hasSuffix(".mp3") })
            #expect(files.contains { $0.hasSuffix(".original.wav") })
            #expect(files.contains { $0.hasSuffix(".json") })
            let analysis = try await MediaProbe().analyze(path: cli.home.appendingPathComponent("recordings").appendingPathComponent(mp3).path)
            #expect(analysis.probe.codecName == "mp3")
            #expect(abs(analysis.decode.decodedSeconds - 20) <= 0.2)

            let before = try await Self.catalogDump(cli)
            let rebuilt = try CLIRunner()
            defer { rebuilt.cleanup() }
            try FileManager.default.copyItem(at: cli.home.appendingPathComponent("recordings"), to: rebuilt.home.appendingPathComponent("recordings"))
            let reindex = try await rebuilt.run(["reindex"])
            #expect(reindex.status == 0, "\(reindex.stdout) \(reindex.stderr)")
            let after = try await Self.catalogDump(rebuilt)
            #expect(after == before, "differs: \(Set(after).symmetricDifference(Set(before)).sorted().prefix(4))")
        }
    }

    static func catalogDump(_ cli: CLIRunner) async throws -> [String] {
        var rows: [String] = []
        for (table, order) in [("calls", "id"), ("recordings", "id"), ("files", "relative_path")] {
            for row in try await cli.rows(table, orderBy: order, excluding: table == "files" ? ["id"] : []) {
                rows.append("\(table): \(row.sorted { $0.key < $1.key })")
            }
        }
        return rows
    }

    @Test func aWorkerKilledMidDownloadLeavesNothingInTheTreeAndTheJobCompletesAfterRescue() async throws {
        var mutable = SimulatorFixture.calls(1, durationSeconds: 60)
        mutable[0].recording?.format = .wavMuLaw
        let calls = mutable
        try await withSimulatorFixture(Self.configuration(calls)) { sim in
            let id = try #require(calls[0].recording?.id)
            sim.simulator.inject(SimulatorFault(.slowBody(bytesPerSecond: 40_000), target: .content, recordingId: id))
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            #expect(try await cli.run(["sync"], environment: sim.environment).status == 0)
            let partial = cli.home.appendingPathComponent("tmp/recording_\(id).part").path
            let first = try cli.start(["work", "--lease", "2"], environment: sim.environment)
            let downloading = try await eventually(timeoutSeconds: 60) {
                ((try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0) > 40_000
            }
            #expect(downloading)
            first.kill(SIGKILL)
            _ = await first.wait(timeoutSeconds: 10)
            #expect(Self.archivedFiles(cli, id).isEmpty)
            #expect(FileManager.default.fileExists(atPath: partial))
            let second = try await cli.run(["work", "--drain", "--lease", "2"], environment: sim.environment, timeoutSeconds: 120)
            #expect(second.status == 0, "\(second.stderr.suffix(2_000))")
            #expect(try await Self.recordings(cli)[id]?.state == "archived")
            let served = try await sim.simulator.audioContent(recordingId: id).bytes
            let original = try #require(Self.archivedFiles(cli, id).first { $0.hasSuffix(".original.wav") })
            let stored = try Data(contentsOf: cli.home.appendingPathComponent("recordings").appendingPathComponent(original))
            #expect(Self.sha256([UInt8](stored)) == Self.sha256(served))
        }
    }

    @Test func aWorkerKilledMidNormalizationLeavesNothingInTheTreeAndTheJobCompletesAfterRescue() async throws {
        var mutable = SimulatorFixture.calls(1, durationSeconds: 1_800)
        mutable[0].recording?.format = .wavPCM16
        let calls = mutable
        try await withSimulatorFixture(Self.configuration(calls)) { sim in
            let id = try #require(calls[0].recording?.id)
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            #expect(try await cli.run(["sync"], environment: sim.environment).status == 0)
            let first = try cli.start(["work", "--lease", "2"], environment: sim.environment)
            let normalizing = try await eventually(timeoutSeconds: 120) {
                try await Self.jobs(cli).contains { $0.kind == "normalize-recording" && $0.state == "running" }
            }
            #expect(normalizing)
            first.kill(SIGKILL)
            _ = await first.wait(timeoutSeconds: 10)
            #expect(Self.archivedFiles(cli, id).isEmpty)
            let heavyBefore = sim.simulator.stats().groups[.heavy]?.requests ?? 0
            // The first worker downloaded before it was killed: once, or again after a retry (its
            // 2 s lease can lapse on a loaded machine, and a fresh-clone CI run saw two requests).
            let contentBefore = Self.contentRequests(sim)
            #expect(contentBefore >= 1)
            let second = try await cli.run(["work", "--drain", "--lease", "2"], environment: sim.environment, timeoutSeconds: 300)
            #expect(second.status == 0, "\(second.stderr.suffix(2_000))")
            #expect(try await Self.recordings(cli)[id]?.state == "archived")
            // The rescued normalization did not download again (the recurring sync may list the call log once).
            #expect(
                Self.contentRequests(sim) == contentBefore,
                "first worker: \(first.stderr.suffix(3_000))\nsecond worker: \(second.stderr.suffix(3_000))\nroutes: \(sim.simulator.stats().routes)")
            #expect((sim.simulator.stats().groups[.heavy]?.requests ?? 0) - heavyBefore <= 1)
        }
    }

    @Test func aFullDiskFailsTheJobCleanlyAndItSucceedsOnceSpaceIsBack() async throws {
        guard getuid() == 0 else {
            Issue.record("needs root to mount a size-limited tmpfs")
            return
        }
        var mutable = SimulatorFixture.calls(1, durationSeconds: 240)
        mutable[0].recording?.format = .wavMuLaw
        let calls = mutable
        try await withSimulatorFixture(Self.configuration(calls)) { sim in
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("callvault-full-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            try ReadOnlyDirectory.shell("mount -t tmpfs -o size=4600k tmpfs '\(home.path)'")
            defer {
                try? ReadOnlyDirectory.shell("umount '\(home.path)'")
                try? FileManager.default.removeItem(at: home)
            }
            let cli = try CLIRunner(home: home)
            let id = try #require(calls[0].recording?.id)
            #expect(try await cli.run(["sync"], environment: sim.environment).status == 0)
            let worker = try cli.start(["work", "--drain"], environment: sim.environment)
            let failedOnce = try await eventually(timeoutSeconds: 120) {
                try await Self.jobs(cli).contains { $0.error.contains("disk") || $0.error.contains("space") }
            }
            let jobs = try await Self.jobs(cli)
            #expect(failedOnce, "jobs: \(jobs)")
            #expect(Self.archivedFiles(cli, id).isEmpty)
            try ReadOnlyDirectory.shell("mount -o remount,size=64m '\(home.path)'")
            #expect(await worker.wait(timeoutSeconds: 180) == 0, "\(worker.stderr.suffix(2_000))")
            #expect(try await Self.recordings(cli)[id]?.state == "archived")
            #expect(Self.archivedFiles(cli, id).contains { $0.hasSuffix(".mp3") })
        }
    }
}
