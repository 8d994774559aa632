import Essentials
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import JobQueue

@Suite("Processor service")
struct ProcessorTests {
    @Test func drainRunsEveryJobIncludingRetriesThenReturns() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        try await t.queue.enqueue((0..<50).map { _ in JobRequest(kind: "noop", payload: #"{"sleep_ms": 2}"#) })
        let flaky = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"fail_times": 2}"#)).id
        let hopeless = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"fail_times": 9}"#, maxAttempts: 2)).id
        let processor = JobProcessor(queue: t.queue, configuration: JobProcessorConfiguration(workers: 4, drain: true))
        try await processor.run()
        let stats = try await t.queue.stats()
        #expect(stats.totals["completed"] == 51)
        #expect(stats.totals["dead"] == 1)
        #expect(try await t.queue.job(flaky)?.attempt == 3)
        let dead = try #require(try await t.queue.job(hopeless))
        #expect(dead.lastError?.contains("attempt 2 of 2") == true)
    }

    @Test func drainIgnoresJobsBeyondTheHorizonButWaitsForBackoffs() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let later = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: Millis.now() + 3_600_000)).id
        let soon = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: Millis.now() + 300)).id
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(drain: true, drainHorizonMillis: 60_000)
        )
        try await processor.run()
        #expect(try await t.state(soon) == .completed)
        #expect(try await t.state(later) == .scheduled)
    }

    @Test func heartbeatKeepsALongJobsLease() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        // The job runs longer than its lease: only the renewals keep it from being rescued.
        let id = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 4000}"#)).id
        let processor = JobProcessor(
            queue: t.queue,
            configuration: JobProcessorConfiguration(workers: 1, leaseMillis: 2_400, maintenanceMillis: 50, drain: true)
        )
        try await processor.run()
        let job = try #require(try await t.queue.job(id))
        #expect(job.state == .completed)
        #expect(job.rescueCount == 0)
        #expect(job.attempt == 1)
    }

    @Test func gracefulShutdownReleasesUnfinishedJobsWithoutSpendingAnAttempt() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        let quick = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 50}"#, priority: 0)).id
        let slow = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 60000}"#, priority: 1)).id
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(workers: 2, gracePeriodMillis: 300)
        )
        let group = ServiceGroup(services: [processor], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(try await eventually {
                let slowState = try await t.state(slow)
                let quickState = try await t.state(quick)
                return slowState == .running && quickState != .available
            })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await t.state(quick) == .completed)
        let released = try #require(try await t.queue.job(slow))
        #expect(released.state == .available)
        #expect(released.attempt == 0)
        #expect(released.leaseToken == nil)
    }

    @Test func cancellingARunningJobStopsItsHandler() async throws {
        let stopped = Mutex(false)
        let watched = JobDefinition(kind: "watched") { _ in
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                stopped.withLock { $0 = true }
                throw error
            }
        }
        let t = try TestQueue(registry: TestQueue.registry([watched]))
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "watched")).id
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(workers: 1, leaseMillis: 90, drain: true)
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await processor.run() }
            #expect(try await eventually { try await t.state(id) == .running })
            try await t.queue.cancel(id)
            try await tasks.waitForAll()
        }
        #expect(stopped.withLock { $0 })
        #expect(try await t.state(id) == .cancelled)
    }

    @Test func rateLimitedKindsRunWithinTheirBudget() async throws {
        let limit = RateLimit(key: "test:budget", limit: 2, windowMillis: 250)
        let budgeted = JobDefinition(kind: "budgeted", rateLimitKey: limit.key) { _ in }
        let t = try TestQueue(registry: TestQueue.registry([budgeted], limits: [limit]))
        defer { t.cleanup() }
        let ids = try await t.queue.enqueue((0..<7).map { _ in JobRequest(kind: "budgeted") }).map(\.id)
        let processor = JobProcessor(queue: t.queue, configuration: JobProcessorConfiguration(workers: 8, drain: true))
        try await processor.run()
        var starts: [Int64] = []
        for id in ids {
            let job = try #require(try await t.queue.job(id))
            #expect(job.state == .completed)
            #expect(job.attempt == 1)
            starts.append(try #require(job.attemptedAt))
        }
        starts.sort()
        for index in limit.limit..<starts.count {
            #expect(starts[index] - starts[index - limit.limit] >= limit.windowMillis)
        }
    }

    @Test func aLocalEnqueueWakesAnIdleProcessorAtOnce() async throws {
        let t = try TestQueue()
        defer { t.cleanup() }
        // A one-hour poll: only the wake-up can start the job.
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(workers: 1, pollMillis: 3_600_000)
        )
        let group = ServiceGroup(services: [processor], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
            #expect(try await eventually(timeoutSeconds: 5) { try await t.state(id) == .completed })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
