import Foundation
import GRDB
@testable import JobQueue

/// A queue on a real SQLite file in a fresh temporary directory.
struct TestQueue {
    let directory: URL
    let queue: JobQueue

    var path: String { directory.appendingPathComponent("callvault.sqlite").path }

    init(registry: JobRegistry = TestQueue.registry(), synchronous: DatabaseConfiguration.Synchronous = .normal) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jobqueue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try QueueDatabase.open(
            path: directory.appendingPathComponent("callvault.sqlite").path,
            configuration: DatabaseConfiguration(synchronous: synchronous)
        )
        queue = JobQueue(database: database, registry: registry)
    }

    /// A second, independent connection pool on the same file, as another process would have.
    func secondQueue(registry: JobRegistry = TestQueue.registry()) throws -> JobQueue {
        JobQueue(database: try QueueDatabase.open(path: path), registry: registry)
    }

    static func registry(_ extra: [JobDefinition] = [], limits: [RateLimit] = []) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        for definition in extra { registry.register(definition) }
        for limit in limits { registry.declare(limit) }
        return registry
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: directory)
    }

    func claim(_ limit: Int, worker: String = "test", leaseMillis: Int64 = 30_000,
               completions: [JobCompletion] = []) async throws -> ClaimResult {
        try await queue.completeAndClaim(completions, limit: limit, worker: worker, leaseMillis: leaseMillis)
    }

    func state(_ id: Int64) async throws -> JobState? { try await queue.job(id)?.state }
}

/// Polls `condition` until it holds or `timeoutSeconds` pass.
func eventually(timeoutSeconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
