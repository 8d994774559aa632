import Essentials
import Foundation
import TestSupport
import Testing
@testable import JobQueue

@Suite("Recurring schedules")
struct ScheduleTests {
    static let every = RecurringSchedule(name: "canary", cadence: .every(seconds: 1), kind: "noop")

    @Test(arguments: BackendKind.all) func twoProcessesNeverFireTheSameOccurrenceTwice(_ kind: BackendKind) async throws {
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        let other = try await t.secondQueue()
        try await t.queue.installSchedules([Self.every])
        try await other.installSchedules([Self.every])
        async let a = t.queue.fireDueSchedules([Self.every])
        async let b = other.fireDueSchedules([Self.every])
        let fired = try await a.count + b.count
        #expect(fired == 1)
        let jobs = try await t.queue.list(JobFilter(kind: "noop"))
        #expect(jobs.count == 1)
        #expect(jobs[0].schedule == "canary")
    }

    @Test(arguments: BackendKind.all) func aRestartKeepsTheNextFiringAndAnOverdueOneFiresOnce(_ kind: BackendKind) async throws {
        let minutely = RecurringSchedule(name: "minutely", cadence: .every(seconds: 60), kind: "noop")
        let t = try await TestQueue.make(kind)
        defer { t.cleanup() }
        try await t.queue.installSchedules([minutely])
        #expect(try await t.queue.fireDueSchedules([minutely]) == ["minutely"])
        // A restart re-installs the same schedule: nothing fires before its time.
        try await t.queue.installSchedules([minutely])
        #expect(try await t.queue.fireDueSchedules([minutely]).isEmpty)
        // Complete the first run, then let five occurrences pass while nothing ran.
        let job = try #require(try await t.claim(1).claimed.first)
        _ = try await t.claim(0, completions: [JobCompletion(jobId: job.id, leaseToken: job.leaseToken, outcome: .completed)])
        t.clock.advance(byMillis: 5 * 60_000 + 30_000)
        #expect(try await t.queue.fireDueSchedules([minutely]) == ["minutely"])
        #expect(try await t.queue.fireDueSchedules([minutely]).isEmpty)
        #expect(try await t.queue.list(JobFilter(kind: "noop")).count == 2)
        // The next occurrence is the one after now, not one of the missed ones.
        t.clock.advance(byMillis: 29_999)
        #expect(try await t.queue.fireDueSchedules([minutely]).isEmpty)
        t.clock.advance(byMillis: 1)
        #expect(try await t.queue.fireDueSchedules([minutely]) == ["minutely"])
    }

    @Test func dailyCadenceFindsTheNextTimeOfDay() throws {
        let cadence = RecurringSchedule.Cadence.daily(hour: 3, minute: 0, timeZone: "UTC")
        let start = Millis.from(try #require(ISO8601DateFormatter().date(from: "2025-01-06T10:30:00Z")))
        let next = cadence.next(after: start)
        #expect(Millis.iso8601(next) == "2025-01-07T03:00:00.000Z")
        #expect(cadence.next(after: next) - next == 86_400_000)
        #expect(cadence.spec == "daily 03:00 UTC")
    }
}
