import Foundation
import JobQueue
import SQLiteStore

/// Measures the queue for `scripts/bench/queue`; prints one JSON object per measurement.
///
/// Usage: `queue-bench init PATH` creates an empty migrated database (for the C baseline);
/// `queue-bench sql` prints the enqueue path's SQL statements, one per line (the C baseline must
/// issue exactly these); `queue-bench run PATH (normal|full) SCENARIO COUNT` runs one scenario on a
/// fresh file.
@main
enum QueueBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.count == 2 && arguments[1] == "sql" {
            for statement in SQLiteQueueStore.enqueueStatementsForBaseline { print(statement) }
            return
        }
        guard arguments.count >= 3 else {
            FileHandle.standardError.write(Data("usage: queue-bench init PATH | sql | run PATH normal|full SCENARIO COUNT\n".utf8))
            exit(2)
        }
        let path = arguments[2]
        if arguments[1] == "init" {
            _ = try await SQLiteBackend.open(path: path)
            return
        }
        let synchronous: SQLiteConfiguration.Synchronous = arguments[3] == "full" ? .full : .normal
        let scenario = arguments[4]
        let count = Int(arguments[5]) ?? 10_000
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        let backend = try await SQLiteBackend.open(path: path, configuration: SQLiteConfiguration(synchronous: synchronous))
        let queue = JobQueue(store: backend.queue, registry: registry)
        let request = JobRequest(kind: "noop")
        switch scenario {
        case "enqueue-single":
            let seconds = try await time { for _ in 0..<count { try await queue.enqueue(request) } }
            report(scenario, synchronous, count, seconds)
        case "enqueue-batch":
            let batch = Array(repeating: request, count: 1_000)
            let seconds = try await time { for _ in 0..<(count / 1_000) { try await queue.enqueue(batch) } }
            report(scenario, synchronous, count / 1_000 * 1_000, seconds)
        case "claim-finish-1", "claim-finish-8":
            let workers = scenario == "claim-finish-1" ? 1 : 8
            try await fill(queue, count)
            let processor = JobProcessor(
                queue: queue,
                configuration: JobProcessorConfiguration(workers: workers, drain: true, runSchedules: false)
            )
            let seconds = try await time { try await processor.run() }
            let completed = try await queue.stats().totals["completed"] ?? 0
            report(scenario, synchronous, completed, seconds)
        case "claim-latency":
            try await fill(queue, count)
            var samples: [Double] = []
            for _ in 0..<2_000 {
                let start = DispatchTime.now().uptimeNanoseconds
                let job = try await queue.completeAndClaim([], limit: 1, worker: "bench", leaseMillis: 30_000).claimed[0]
                _ = try await queue.completeAndClaim(
                    [JobCompletion(jobId: job.id, leaseToken: job.leaseToken, outcome: .completed)],
                    limit: 0, worker: "bench", leaseMillis: 30_000
                )
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
            }
            samples.sort()
            print(
                #"{"scenario":"claim-latency","synchronous":"\#(synchronous.rawValue)","queued":\#(count),"#
                    + #""p50_us":\#(Int(samples[samples.count / 2])),"p99_us":\#(Int(samples[samples.count * 99 / 100]))}"#
            )
        default:
            FileHandle.standardError.write(Data("unknown scenario \(scenario)\n".utf8))
            exit(2)
        }
    }

    static func fill(_ queue: JobQueue, _ count: Int) async throws {
        let batch = Array(repeating: JobRequest(kind: "noop"), count: 5_000)
        var left = count
        while left > 0 {
            try await queue.enqueue(Array(batch.prefix(left)))
            left -= min(left, batch.count)
        }
    }

    static func time(_ body: sending () async throws -> Void) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func report(_ scenario: String, _ synchronous: SQLiteConfiguration.Synchronous, _ count: Int, _ seconds: Double) {
        print(
            #"{"scenario":"\#(scenario)","synchronous":"\#(synchronous.rawValue)","jobs":\#(count),"#
                + #""seconds":\#(seconds),"per_second":\#(Int(Double(count) / seconds))}"#
        )
    }
}
