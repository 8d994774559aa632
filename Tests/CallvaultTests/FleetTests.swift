import Foundation
import JobQueue
import PostgresStore
import RingCentralSimulator
import TestSupport
import Testing

/// Three `callvault work` processes as three hosts (network namespaces of their own, each with
/// its own home) sharing one PostgreSQL database and one object store, against the simulator with
/// throttling on: one host is SIGKILLed in the middle of a download.
@Suite("A fleet of workers", .serialized, .enabled(if: FleetNetwork.available && BackendKind.postgresURL != nil))
struct FleetTests {
    static let recordings = 12
    static let slow: Set<String> = ["70000", "70001", "70002", "70003"]

    @Test func aFleetArchivesEveryRecordingOnceWithinOneHeavyBudgetWhenAHostIsKilled() async throws {
        let network = try await FleetNetwork.create(hosts: 3)
        let databaseURL = TestBackend.freshPostgresURL()
        let objectStore = try await ObjectStoreServer.shared.freshEnvironment()
        let endpoint = try #require(URLComponents(string: objectStore["CALLVAULT_S3_ENDPOINT"] ?? ""))
        let database = try #require(URLComponents(string: databaseURL))
        let ports = [try #require(database.port), try #require(endpoint.port)]
        // The catalog's schema exists before the hosts start, and this process reads it afterwards.
        let backend = try await PostgresBackend.open(configuration: PostgresConfiguration(url: databaseURL))
        let hosts = try (0..<3).map { _ in try CLIRunner() }
        let local = try CLIRunner()
        defer {
            for host in hosts { host.cleanup() }
            local.cleanup()
        }
        do {
            try await Self.run(network: network, ports: ports, databaseURL: databaseURL, objectStore: objectStore, backend: backend, hosts: hosts, local: local)
        } catch {
            await Self.tearDown(network, backend, databaseURL)
            throw error
        }
        await Self.tearDown(network, backend, databaseURL)
    }

    static func tearDown(_ network: FleetNetwork, _ backend: PostgresBackend, _ databaseURL: String) async {
        await network.remove()
        await backend.close()
        try? await TestBackend.dropSchema(of: databaseURL)
    }

    /// `url` with its host replaced by the bridge's address, as the hosts dial it.
    static func viaBridge(_ url: String, _ network: FleetNetwork) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.host = network.hostAddress
        return components.string ?? url
    }

    static func run(
        network: FleetNetwork, ports: [Int], databaseURL: String, objectStore: [String: String], backend: PostgresBackend,
        hosts: [CLIRunner], local: CLIRunner
    ) async throws {
        for port in ports { try network.relay(port: port) }
        try await network.waitForRelays(ports: ports)

        var configuration = SimulatorFixture.configuration(calls: SimulatorFixture.calls(recordings, durationSeconds: 20))
        configuration.host = network.hostAddress
        configuration.platformBaseURL = "http://\(network.hostAddress):{port}"
        configuration.mediaBaseURL = "http://\(network.hostAddress):{port}"
        configuration.rateLimitingEnabled = true
        // A window long enough that callvault's margin (5 %, at least 100 ms, between a grant and
        // the request reaching the server) is a second, as with RingCentral's 60 s windows: with a
        // 2 s window the margin was 100 ms, less than a loaded CI machine delays a request.
        configuration.rateLimits[.heavy] = RateLimitBudget(limit: 10, window: 20)
        configuration.allowSlowNetwork()
        try await withSimulatorFixture(configuration) { simulator in
            for id in slow {
                simulator.simulator.inject(SimulatorFault(.slowBody(bytesPerSecond: 6_000), target: .content, recordingId: id, count: 1))
            }
            let common = simulator.environment.merging(["CALLVAULT_TRANSCRIPTS": "off", "CALLVAULT_LOG_LEVEL": "debug"]) { _, new in new }
            var here = common.merging(objectStore) { _, new in new }
            here["CALLVAULT_DATABASE_URL"] = databaseURL
            var remote = here
            remote["CALLVAULT_DATABASE_URL"] = viaBridge(databaseURL, network)
            remote["CALLVAULT_S3_ENDPOINT"] = viaBridge(objectStore["CALLVAULT_S3_ENDPOINT"] ?? "", network)

            let sync = try await local.run(["sync"], environment: here, timeoutSeconds: 120)
            #expect(sync.status == 0, "sync: \(sync.stderr)")
            let queue = JobQueue(store: backend.queue, registry: TestBackend.registry())
            let downloads = try await queue.list(JobFilter(kind: "download-recording", limit: 100))
            #expect(downloads.count == recordings)

            let workers = try hosts.enumerated().map { index, home in
                try home.start(
                    ["work", "--workers", "3", "--lease", "2", "--drain"], environment: remote,
                    launcher: (network.launcher, network.command(host: index, [])))
            }
            defer { for worker in workers where worker.child.isRunning { worker.kill(SIGKILL) } }

            // A host holding a slow download with bytes already in its home: kill it there.
            var victim: Int?
            let caught = try await eventually(timeoutSeconds: 60) {
                let running = try await queue.list(JobFilter(state: .running, kind: "download-recording", limit: 100))
                for job in running where slow.contains(where: { job.payload.contains("\"\($0)\"") }) {
                    guard let pid = job.worker?.split(separator: ":").dropFirst().first.flatMap({ Int32($0) }),
                        let index = workers.firstIndex(where: { $0.child.processIdentifier == pid }),
                        Self.hasPartialDownload(hosts[index].home)
                    else { continue }
                    victim = index
                    return true
                }
                return false
            }
            #expect(caught, "no host was seen in the middle of a slow download")
            let killed = try #require(victim)
            workers[killed].kill(SIGKILL)
            _ = await workers[killed].wait(timeoutSeconds: 10)

            for (index, worker) in workers.enumerated() where index != killed {
                #expect(await worker.wait(timeoutSeconds: 240) == 0, "host \(index + 1): \(worker.stderr.suffix(2_000))")
            }

            // Every recording archived once: every download completed, one audio file each, and
            // the object store holds exactly what the catalog lists.
            let finished = try await queue.list(JobFilter(kind: "download-recording", limit: 100))
            #expect(finished.count == recordings)
            #expect(finished.allSatisfy { $0.state == .completed }, "\(finished.map { "\($0.id) \($0.state)" })")
            #expect(finished.contains { $0.rescueCount >= 1 }, "the killed host's download was not rescued")
            let all = try await queue.list(JobFilter(limit: 1_000))
            #expect(all.allSatisfy { $0.state == .completed }, "\(all.filter { $0.state != .completed }.map { "\($0.kind) \($0.state)" })")
            let rows = try await backend.rows("recordings", orderBy: "id")
            #expect(rows.count == recordings)
            #expect(rows.allSatisfy { $0["state"] == "archived" })
            let audio = try await backend.rows("files", orderBy: "id").filter { $0["role"] == "audio" }
            #expect(audio.count == recordings)
            #expect(Set(audio.compactMap { $0["recording_id"] }).count == recordings)
            let verify = try await local.run(["verify"], environment: here, timeoutSeconds: 120)
            #expect(verify.status == 0, "verify: \(verify.stdout) \(verify.stderr)")

            // No job completed twice across the hosts, and more than one host did the work.
            let completed = workers.map { CrashRecoveryTests.completedIds($0.stderr) }
            let flat = completed.flatMap { $0 }
            #expect(Set(flat).count == flat.count, "a job was completed twice")
            #expect(Set(finished.map(\.id)).isSubset(of: Set(flat)))
            #expect(completed.enumerated().filter { $0.offset != killed && !$0.element.isEmpty }.count == 2)

            // One Heavy budget for the whole fleet: the simulator enforced it and never had to say 429.
            let stats = simulator.simulator.stats()
            let heavy = try #require(stats.groups[.heavy])
            #expect(heavy.requests >= recordings)
            #expect(heavy.throttled == 0)
            #expect(heavy.penaltyViolations == 0)
            #expect(stats.groups.values.allSatisfy { $0.throttled == 0 })
        }
    }

    /// Whether a host's home holds a partly downloaded file.
    static func hasPartialDownload(_ home: URL) -> Bool {
        guard let walker = FileManager.default.enumerator(at: home.appendingPathComponent("tmp"), includingPropertiesForKeys: [.fileSizeKey])
        else { return false }
        for case let url as URL in walker {
            if let size = try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize, size > 0, !url.lastPathComponent.hasSuffix(".lock") {
                return true
            }
        }
        return false
    }
}
