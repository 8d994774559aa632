import Essentials
import JobQueue
import TestSupport

/// A queue on a real database with a manual clock.
struct TestQueue {
    let backend: TestBackend
    let queue: JobQueue

    var clock: ManualTimeSource { backend.clock }

    static func make(_ kind: BackendKind = .sqlite, registry: JobRegistry = TestBackend.registry()) async throws -> TestQueue {
        let backend = try await TestBackend.make(kind)
        return TestQueue(backend: backend, queue: backend.queue(registry))
    }

    /// A queue on a second, independent connection to the same database, as another process would have.
    func secondQueue(registry: JobRegistry = TestBackend.registry()) async throws -> JobQueue {
        try await backend.reopened().queue(registry)
    }

    func cleanup() { backend.remove() }

    func claim(_ limit: Int, worker: String = "test", leaseMillis: Int64 = 30_000,
               completions: [JobCompletion] = []) async throws -> ClaimResult {
        try await queue.completeAndClaim(completions, limit: limit, worker: worker, leaseMillis: leaseMillis)
    }

    func state(_ id: Int64) async throws -> JobState? { try await queue.job(id)?.state }
}
