import Benchmark
import Foundation
import JobQueue
import SQLiteStore

/// ordo-one/benchmark suite for the queue: enqueue (single and batched) and claim+finish with one
/// and eight workers, at synchronous NORMAL and FULL, on a database file. The side-by-side ratios
/// against raw sqlite3 come from `scripts/bench/queue`; this suite tracks regressions (throughput,
/// allocations, memory) between commits with `swift package benchmark baseline compare`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(5),
        maxIterations: 20
    )

    for synchronous in SQLiteConfiguration.Synchronous.allCases {
        let name = synchronous.rawValue.lowercased()

        Benchmark("enqueue single (\(name))", configuration: .init(scalingFactor: .kilo)) { benchmark in
            let fixture = try await Fixture(synchronous)
            defer { fixture.remove() }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try await fixture.queue.enqueue(JobRequest(kind: "noop"))
            }
        }

        Benchmark("enqueue batch of 1000 (\(name))", configuration: .init(scalingFactor: .kilo)) { benchmark in
            let fixture = try await Fixture(synchronous)
            defer { fixture.remove() }
            let batch = Array(repeating: JobRequest(kind: "noop"), count: 1_000)
            benchmark.startMeasurement()
            for _ in 0..<(benchmark.scaledIterations.count / 1_000) {
                try await fixture.queue.enqueue(batch)
            }
        }

        for workers in [1, 8] {
            Benchmark("claim+finish, \(workers) workers (\(name))", configuration: .init(scalingFactor: .kilo)) { benchmark in
                let fixture = try await Fixture(synchronous)
                defer { fixture.remove() }
                let count = benchmark.scaledIterations.count
                try await fixture.queue.enqueue(Array(repeating: JobRequest(kind: "noop"), count: count))
                let processor = JobProcessor(
                    queue: fixture.queue,
                    configuration: JobProcessorConfiguration(workers: workers, drain: true, runSchedules: false)
                )
                benchmark.startMeasurement()
                try await processor.run()
            }
        }
    }
}

/// A queue on a fresh database file.
struct Fixture {
    let directory: URL
    let queue: JobQueue

    init(_ synchronous: SQLiteConfiguration.Synchronous) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("queue-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        let backend = try await SQLiteBackend.open(
            path: directory.appendingPathComponent("callvault.sqlite").path,
            configuration: SQLiteConfiguration(synchronous: synchronous)
        )
        queue = JobQueue(store: backend.queue, registry: registry)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
