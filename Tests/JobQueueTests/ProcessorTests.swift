import Essentials
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing
@testable import JobQueue

/// The processor on a manual clock: backoffs, leases, heartbeats and rate-limit windows play out
/// in simulated time (``TimeDriver`` moves it whenever the processor waits for it).
@Suite("Processor service")
struct ProcessorTests {
    @Test func drainRunsEveryJobIncludingRetriesThenReturns() async throws {
        let t = try await TestQueue.make()
        defer { t.cleanup() }
        try await t.queue.enqueue((0..<50).map { _ in JobRequest(kind: "noop", payload: #"{"sleep_ms": 2}"#) })
        let flaky = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"fail_times": 2}"#)).id
        let hopeless = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"fail_times": 9}"#, maxAttempts: 2)).id
        let processor = JobProcessor(queue: t.queue, configuration: JobProcessorConfiguration(workers: 4, drain: true))
        try await TimeDriver(t.clock).run { try await processor.run() }
        let stats = try await t.queue.stats()
        #expect(stats.totals["completed"] == 51)
        #expect(stats.totals["dead"] == 1)
        #expect(try await t.queue.job(flaky)?.attempt == 3)
        let dead = try #require(try await t.queue.job(hopeless))
        #expect(dead.lastError?.contains("attempt 2 of 2") == true)
    }

    @Test func drainIgnoresJobsBeyondTheHorizonButWaitsForBackoffs() async throws {
        let t = try await TestQueue.make()
        defer { t.cleanup() }
        let start = t.clock.nowMillis()
        let later = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: start + 3_600_000)).id
        let soon = try await t.queue.enqueue(JobRequest(kind: "noop", runAt: start + 300)).id
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(drain: true, drainHorizonMillis: 60_000)
        )
        try await TimeDriver(t.clock).run { try await processor.run() }
        let done = try #require(try await t.queue.job(soon))
        #expect(done.state == .completed)
        #expect(try #require(done.attemptedAt) >= start + 300)
        #expect(try await t.state(later) == .scheduled)
    }

    @Test func heartbeatKeepsALongJobsLease() async throws {
        let t = try await TestQueue.make()
        defer { t.cleanup() }
        // The job runs five leases long: only the renewals keep it from being rescued.
        let id = try await t.queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 150000}"#)).id
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(workers: 1, leaseMillis: 30_000, drain: true)
        )
        let start = t.clock.nowMillis()
        try await TimeDriver(t.clock).run { try await processor.run() }
        let job = try #require(try await t.queue.job(id))
        #expect(job.state == .completed)
        #expect(job.rescueCount == 0)
        #expect(job.attempt == 1)
        #expect(try #require(job.finishedAt) - start >= 150_000)
    }

    @Test func gracefulShutdownReleasesUnfinishedJobsWithoutSpendingAnAttempt() async throws {
        // Neither job touches the manual clock, and the clock stands still until the shutdown:
        // a time driver running meanwhile would race the clock past lease deadlines while a
        // loaded machine was still writing the renewals (it did, under the parallel test load).
        let instant = JobDefinition(kind: "instant") { _ in }
        let blocking = JobDefinition(kind: "blocking") { _ in
            try await Task.sleep(for: .seconds(3_600))
        }
        let t = try await TestQueue.make(registry: TestBackend.registry([instant, blocking]))
        defer { t.cleanup() }
        let quick = try await t.queue.enqueue(JobRequest(kind: "instant", priority: 0)).id
        let slow = try await t.queue.enqueue(JobRequest(kind: "blocking", priority: 1)).id
        let processor = JobProcessor(
            queue: t.queue, configuration: JobProcessorConfiguration(workers: 2, gracePeriodMillis: 300)
        )
        let group = ServiceGroup(services: [processor], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        #expect(try await eventually {
            let quickState = try await t.state(quick)
            let slowState = try await t.state(slow)
            return quickState == .completed && slowState == .running
        })
        await group.triggerGracefulShutdown()
        // Now time runs: the grace period passes and the slow job is released.
        try await TimeDriver(t.clock).run { try await running.value }
        let released = try #require(try await t.queue.job(slow))
        #expect(released.state == .available)
        #expect(released.attempt == 0)
        #expect(released.leaseToken == nil)
    }

    @Test func cancellingARunningJobStopsItsHandler() async throws {
        let stopped = Mutex(false)
        let started = Wakeup()
        let watched = JobDefinition(kind: "watched") { context in
            started.signal()
            do {
                try await context.queue.clock.sleep(forMillis: 3_600_000)
            } catch {
                stopped.withLock { $0 = true }
                throw error
            }
        }
        let t = try await TestQueue.make(registry: TestBackend.registry([watched]))
        defer { t.cleanup() }
        let id = try await t.queue.enqueue(JobRequest(kind: "watched")).id
        let processor = JobProcessor(queue: t.queue, configuration: JobProcessorConfiguration(workers: 1, drain: true))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await TimeDriver(t.clock).run { try await processor.run() } }
            await started.wait(timeoutMillis: 60_000)
            try await t.queue.cancel(id)
            try await tasks.waitForAll()
        }
        // The heartbeat found the lease gone and stopped the handler, which spent only lease renewals.
        #expect(stopped.withLock { $0 })
        #expect(try await t.state(id) == .cancelled)
    }

    @Test func rateLimitedKindsRunWithinTheirBudget() async throws {
        let limit = RateLimit(key: "test:budget", limit: 2, windowMillis: 250)
        let budgeted = JobDefinition(kind: "budgeted", rateLimitKey: limit.key) { _ in }
        let t = try await TestQueue.make(registry: TestBackend.registry([budgeted], limits: [limit]))
        defer { t.cleanup() }
        let ids = try await t.queue.enqueue((0..<7).map { _ in JobRequest(kind: "budgeted") }).map(\.id)
        let processor = JobProcessor(queue: t.queue, configuration: JobProcessorConfiguration(workers: 8, drain: true))
        try await TimeDriver(t.clock).run { try await processor.run() }
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
        let t = try await TestQueue.make()
        defer { t.cleanup() }
        let processor = JobProcessor(queue: t.queue, configuration: JobProcessorConfiguration(workers: 1))
        let group = ServiceGroup(services: [processor], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Idle: the claim loop, the heartbeat and the maintenance loop all wait on the clock.
            await t.clock.waitForSleepers(atLeast: 3)
            let before = t.clock.nowMillis()
            let id = try await t.queue.enqueue(JobRequest(kind: "noop")).id
            // Time never moves here, so no poll can have started the job: only the wake-up did.
            #expect(try await eventually { try await t.state(id) == .completed })
            #expect(t.clock.nowMillis() == before)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
