import Essentials
import JobQueue

/// A queue store whose calls that change the queue count as database activity on the test's
/// clock (see ``StoreActivity``); reads (`job`, `list`, `stats`, statuses) do not, so a test
/// polling for a state never holds simulated time back. It changes nothing else.
struct TrackedQueueStore: QueueStore {
    let base: any QueueStore
    let clock: ManualTimeSource

    var wakeup: Wakeup { base.wakeup }

    func enqueue(_ requests: [JobRequest], now: Int64) async throws -> [EnqueueResult] {
        try await StoreActivity.track(clock) { try await base.enqueue(requests, now: now) }
    }

    func completeAndClaim(_ completions: [JobCompletion], claim: ClaimRequest, now: Int64) async throws -> ClaimResult {
        try await StoreActivity.track(clock) { try await base.completeAndClaim(completions, claim: claim, now: now) }
    }

    func renewLeases(_ leases: [JobLease], until: Int64) async throws -> [Int64] {
        try await StoreActivity.track(clock) { try await base.renewLeases(leases, until: until) }
    }

    func rescueExpiredLeases(now: Int64) async throws -> Int {
        try await StoreActivity.track(clock) { try await base.rescueExpiredLeases(now: now) }
    }

    func hasPendingWork(kinds: [String], dueBy: Int64) async throws -> Bool {
        try await StoreActivity.track(clock) { try await base.hasPendingWork(kinds: kinds, dueBy: dueBy) }
    }

    func prune(finishedBefore: Int64, deadBefore: Int64?) async throws -> Int {
        try await StoreActivity.track(clock) { try await base.prune(finishedBefore: finishedBefore, deadBefore: deadBefore) }
    }

    func installSchedules(_ schedules: [RecurringSchedule], now: Int64) async throws {
        try await StoreActivity.track(clock) { try await base.installSchedules(schedules, now: now) }
    }

    func fireDueSchedules(_ schedules: [RecurringSchedule], job: @Sendable (RecurringSchedule) -> JobRequest, now: Int64)
        async throws -> [String]
    {
        try await StoreActivity.track(clock) { try await base.fireDueSchedules(schedules, job: job, now: now) }
    }

    func job(_ id: Int64) async throws -> JobRecord? {
        try await base.job(id)
    }

    func list(_ filter: JobFilter) async throws -> [JobRecord] {
        try await base.list(filter)
    }

    func stats(now: Int64) async throws -> JobStats {
        try await base.stats(now: now)
    }

    func cancel(_ id: Int64, now: Int64) async throws {
        try await StoreActivity.track(clock) { try await base.cancel(id, now: now) }
    }

    func retry(_ id: Int64, now: Int64) async throws {
        try await StoreActivity.track(clock) { try await base.retry(id, now: now) }
    }

    func declare(_ limits: [RateLimit], now: Int64) async throws {
        try await StoreActivity.track(clock) { try await base.declare(limits, now: now) }
    }

    func setRateLimit(_ limit: RateLimit, now: Int64) async throws {
        try await StoreActivity.track(clock) { try await base.setRateLimit(limit, now: now) }
    }

    func pause(_ key: String, until: Int64, now: Int64) async throws {
        try await StoreActivity.track(clock) { try await base.pause(key, until: until, now: now) }
    }

    func tryAcquire(_ key: String, count: Int, now: Int64) async throws -> Int64? {
        try await StoreActivity.track(clock) { try await base.tryAcquire(key, count: count, now: now) }
    }

    func rateLimitStatus(_ key: String, now: Int64) async throws -> RateLimitStatus? {
        try await base.rateLimitStatus(key, now: now)
    }

    func rateLimitStatuses(now: Int64) async throws -> [RateLimitStatus] {
        try await base.rateLimitStatuses(now: now)
    }
}
