import Foundation
import JobQueue
import SQLiteStore
import TestSupport
import Testing

/// Real `callvault work` processes on one database file: SIGKILL, rescue, and two workers at once.
@Suite("Worker processes", .serialized)
struct CrashRecoveryTests {
    static func openQueue(_ cli: CLIRunner) async throws -> JobQueue {
        JobQueue(store: try await cli.backend().queue, registry: TestBackend.registry())
    }

    /// Ids from the `completed job=N` lines a worker logs after each fenced completion commits.
    static func completedIds(_ log: String) -> [Int64] {
        log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "completed job=") else { return nil }
            return Int64(line[range.upperBound...].prefix { $0.isNumber })
        }
    }

    @Test func aKilledWorkersJobsAreRescuedAndFinishExactlyOnce() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let queue = try await Self.openQueue(cli)
        // Enough work that the kill lands mid-queue even when this check is slow to observe (a
        // loaded machine stalls for over a second at times): at least 24 jobs still available
        // means three seconds of work are left for the 8 workers.
        let ids = try await queue.enqueue((0..<160).map { _ in JobRequest(kind: "noop", payload: #"{"sleep_ms": 1000}"#) }).map(\.id)
        let debug = ["CALLVAULT_LOG_LEVEL": "debug"]

        let first = try cli.start(["work", "--workers", "8", "--lease", "2"], environment: debug)
        let busy = try await eventually(timeoutSeconds: 30) {
            let stats = try await queue.stats().totals
            return (stats["completed"] ?? 0) >= 8 && (stats["running"] ?? 0) >= 4 && (stats["available"] ?? 0) >= 24
        }
        #expect(busy)
        first.kill(SIGKILL)
        _ = await first.wait(timeoutSeconds: 10)
        let held = try await queue.list(JobFilter(state: .running, limit: 100)).map(\.id)
        #expect(!held.isEmpty)

        let second = try cli.start(["work", "--workers", "8", "--lease", "2", "--drain"], environment: debug)
        #expect(await second.wait(timeoutSeconds: 120) == 0)

        for id in ids {
            let job = try #require(try await queue.job(id))
            #expect(job.state == .completed, "job \(id) is \(job.state)")
        }
        for id in held {
            let job = try #require(try await queue.job(id))
            #expect(job.rescueCount == 1)
            #expect(job.attempt == 2)
        }
        let firstDone = Self.completedIds(first.stderr)
        let secondDone = Self.completedIds(second.stderr)
        let all = firstDone + secondDone
        #expect(Set(all).count == all.count, "a job was completed twice")
        #expect(Set(held).isSubset(of: Set(secondDone)))
        #expect(Set(held).isDisjoint(with: Set(firstDone)))
        for log in [first.stderr, first.stdout, second.stderr, second.stdout] {
            #expect(!log.localizedCaseInsensitiveContains("database is locked"))
        }
    }

    @Test func twoWorkerProcessesShareOneDatabaseFile() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let queue = try await Self.openQueue(cli)
        let ids = try await queue.enqueue((0..<400).map { _ in JobRequest(kind: "noop", payload: #"{"sleep_ms": 2}"#) }).map(\.id)
        let debug = ["CALLVAULT_LOG_LEVEL": "debug"]
        let a = try cli.start(["work", "--workers", "4", "--drain"], environment: debug)
        let b = try cli.start(["work", "--workers", "4", "--drain"], environment: debug)
        #expect(await a.wait(timeoutSeconds: 120) == 0)
        #expect(await b.wait(timeoutSeconds: 120) == 0)
        let stats = try await queue.stats().totals
        #expect(stats["completed"] == ids.count)
        let done = Self.completedIds(a.stderr) + Self.completedIds(b.stderr)
        #expect(done.count == ids.count)
        #expect(Set(done) == Set(ids))
        let reclaimed = try await queue.list(JobFilter(state: .completed, limit: 1_000)).filter { $0.attempt != 1 }
        #expect(reclaimed.isEmpty)
        for log in [a.stderr, b.stderr] {
            #expect(!log.localizedCaseInsensitiveContains("database is locked"))
        }
    }
}
