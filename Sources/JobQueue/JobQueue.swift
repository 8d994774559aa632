public import Essentials
public import Logging

/// The durable job queue: the API that producers, handlers and the processor use, over a
/// ``QueueStore`` that keeps the rows.
///
/// Delivery is at least once: a job row lives until it is completed, dead or cancelled. Workers
/// claim jobs with a lease they renew while the job runs; a lease that expires is rescued and the
/// job runs again, and a worker whose lease moved on can no longer finish the job (the lease token
/// fences every outcome). The queue validates requests against its ``JobRegistry`` and reads time
/// from its ``TimeSource``; the store only records.
///
/// ```swift
/// let queue = JobQueue(store: backend.queue, registry: registry)
/// try await queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 10}"#))
/// ```
public final class JobQueue: Sendable {
    /// Where the jobs live.
    public let store: any QueueStore
    /// The kinds this process knows.
    public let registry: JobRegistry
    /// Where time comes from.
    public let clock: any TimeSource
    /// Rate-limit budgets on the same store.
    public let budgets: RateLimitBudgets
    let logger: Logger

    /// Creates a queue over a store.
    public init(
        store: any QueueStore, registry: JobRegistry, clock: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "callvault.queue")
    ) {
        self.store = store
        self.registry = registry
        self.clock = clock
        self.logger = logger
        budgets = RateLimitBudgets(store: store, clock: clock)
    }

    /// Signalled on every local enqueue and finished job (and, on a shared store, by other
    /// machines' work).
    public var wakeup: Wakeup { store.wakeup }

    /// Now, from the queue's clock.
    public func now() -> Int64 { clock.nowMillis() }

    // MARK: - Enqueue

    /// Enqueues one job, or returns the live job that already holds its idempotency key.
    /// - Throws: ``JobQueueError`` for an unknown kind or an invalid payload.
    @discardableResult
    public func enqueue(_ request: JobRequest) async throws -> EnqueueResult {
        try await enqueue([request])[0]
    }

    /// Enqueues many jobs in one transaction: all of them or none.
    /// - Throws: ``JobQueueError`` for an unknown kind or an invalid payload (nothing is enqueued).
    @discardableResult
    public func enqueue(_ requests: [JobRequest]) async throws -> [EnqueueResult] {
        try await insert(try prepare(requests))
    }

    /// Enqueues jobs another queue held, as they were (`migrate --database`): kinds this
    /// process does not register are kept, since the workers that run them know them, so each
    /// request must carry its own `maxAttempts`.
    /// - Precondition: Every request has `maxAttempts`.
    @discardableResult
    public func enqueueCopies(_ requests: [JobRequest]) async throws -> [EnqueueResult] {
        precondition(requests.allSatisfy { $0.maxAttempts != nil }, "a copied job keeps its attempts")
        return try await insert(requests)
    }

    /// Stores requests that are ready (validated, attempts filled in) and wakes the workers.
    private func insert(_ requests: [JobRequest]) async throws -> [EnqueueResult] {
        guard !requests.isEmpty else { return [] }
        let results = try await store.enqueue(requests, now: now())
        wakeup.signal()
        return results
    }

    /// A request validated against the registry, with its kind's attempts filled in: what a
    /// store's unit of work (a catalog write plus its follow-up jobs) enqueues.
    /// - Throws: ``JobQueueError`` for an unknown kind or an invalid payload.
    public func prepared(_ request: JobRequest) throws -> JobRequest {
        try prepare([request])[0]
    }

    private func prepare(_ requests: [JobRequest]) throws -> [JobRequest] {
        var validated = Set<PayloadKey>()
        return try requests.map { request in
            if validated.insert(PayloadKey(kind: request.kind, payload: request.payload)).inserted {
                try registry.validate(request)
            }
            var request = request
            let attempts = request.maxAttempts ?? registry.definitions[request.kind]?.retry.maxAttempts ?? 10
            guard attempts >= 1 else { throw JobQueueError(.invalidArgument, "max attempts must be at least 1") }
            request.maxAttempts = attempts
            return request
        }
    }

    /// A kind and payload already validated within one bulk enqueue.
    private struct PayloadKey: Hashable {
        var kind: String
        var payload: String
    }

    // MARK: - Claiming and outcomes

    /// Applies finished outcomes and claims new jobs in one transaction.
    /// - Parameters:
    ///   - completions: Outcomes to record; each applies only while its lease token still holds.
    ///   - limit: The most jobs to claim (free worker slots); 0 only records outcomes.
    ///   - worker: The claiming worker's name, stored on the job.
    ///   - leaseMillis: The lease length.
    ///   - plan: Which kinds to claim; build it once with ``ClaimPlan/init(registry:kinds:)``.
    public func completeAndClaim(
        _ completions: [JobCompletion], limit: Int, worker: String, leaseMillis: Int64, plan: ClaimPlan
    ) async throws -> ClaimResult {
        let now = now()
        return try await store.completeAndClaim(
            completions, claim: ClaimRequest(limit: limit, worker: worker, leaseUntil: now + leaseMillis, plan: plan), now: now
        )
    }

    /// ``completeAndClaim(_:limit:worker:leaseMillis:plan:)`` for every registered kind, or `kinds`.
    public func completeAndClaim(
        _ completions: [JobCompletion], limit: Int, worker: String, leaseMillis: Int64, kinds: Set<String>? = nil
    ) async throws -> ClaimResult {
        try await completeAndClaim(
            completions, limit: limit, worker: worker, leaseMillis: leaseMillis, plan: ClaimPlan(registry: registry, kinds: kinds)
        )
    }

    /// Extends the leases of jobs a worker still runs; returns the ids whose lease moved on.
    public func renewLeases(_ leases: [JobLease], leaseMillis: Int64) async throws -> [Int64] {
        guard !leases.isEmpty else { return [] }
        return try await store.renewLeases(leases, until: now() + leaseMillis)
    }

    /// Gives jobs whose lease expired back to the queue; returns how many were rescued.
    @discardableResult
    public func rescueExpiredLeases() async throws -> Int {
        let count = try await store.rescueExpiredLeases(now: now())
        if count > 0 {
            logger.warning("rescued jobs whose lease expired", metadata: ["count": "\(count)"])
            wakeup.signal()
        }
        return count
    }

    /// Whether work remains for a drain: a job running anywhere, or a waiting job of a registered
    /// kind due within `horizonMillis` (rate-limited and backing-off jobs included).
    public func hasPendingWork(horizonMillis: Int64) async throws -> Bool {
        try await store.hasPendingWork(kinds: registry.kinds, dueBy: now() + horizonMillis)
    }

    /// Deletes completed and cancelled jobs that finished more than `olderThanMillis` ago, and dead
    /// jobs only when `deadOlderThanMillis` is given. Returns how many rows went.
    @discardableResult
    public func prune(olderThanMillis: Int64, deadOlderThanMillis: Int64? = nil) async throws -> Int {
        let now = now()
        return try await store.prune(finishedBefore: now - olderThanMillis, deadBefore: deadOlderThanMillis.map { now - $0 })
    }

    // MARK: - Schedules

    /// Stores the schedules: a new one (or one whose cadence changed) fires at once when it repeats
    /// every N seconds, at its next time of day when daily; an unchanged one keeps its next time.
    public func installSchedules(_ schedules: [RecurringSchedule]) async throws {
        guard !schedules.isEmpty else { return }
        try await store.installSchedules(schedules, now: now())
    }

    /// Enqueues one job for every due schedule and moves its next firing forward, in one
    /// transaction. Missed occurrences collapse into one. Returns the names that fired.
    @discardableResult
    public func fireDueSchedules(_ schedules: [RecurringSchedule]) async throws -> [String] {
        guard !schedules.isEmpty else { return [] }
        let registry = self.registry
        let fired = try await store.fireDueSchedules(schedules, job: { schedule in
            schedule.request(maxAttempts: registry.definitions[schedule.kind]?.retry.maxAttempts ?? 10)
        }, now: now())
        if !fired.isEmpty { wakeup.signal() }
        return fired
    }

    // MARK: - Inspection and operator actions

    /// One job, or `nil`.
    public func job(_ id: Int64) async throws -> JobRecord? { try await store.job(id) }

    /// Jobs matching `filter`, newest first.
    public func list(_ filter: JobFilter) async throws -> [JobRecord] { try await store.list(filter) }

    /// Counts by kind and state, the oldest due job's age, and the rate-limit keys.
    public func stats() async throws -> JobStats {
        let now = now()
        var stats = try await store.stats(now: now)
        stats.rateLimits = try await store.rateLimitStatuses(now: now)
        return stats
    }

    /// Cancels a job that has not finished. A running job's worker loses its lease and stops.
    /// - Throws: ``JobQueueError`` `.notFound`, or `.invalidState` when the job already finished.
    public func cancel(_ id: Int64) async throws { try await store.cancel(id, now: now()) }

    /// Makes a dead, cancelled or waiting job due now; a dead or cancelled job gets a fresh set of
    /// attempts (its error history is kept).
    /// - Throws: ``JobQueueError`` `.notFound`, or `.invalidState`.
    public func retry(_ id: Int64) async throws {
        try await store.retry(id, now: now())
        wakeup.signal()
    }

    // MARK: - Rate limits

    /// Creates the keys with these budgets unless they exist (a budget learned later is kept).
    public func declare(_ limits: [RateLimit]) async throws {
        guard !limits.isEmpty else { return }
        try await store.declare(limits, now: now())
    }

    /// Sets a key's budget, for example from a server's rate-limit headers.
    public func setRateLimit(_ limit: RateLimit) async throws { try await budgets.setRateLimit(limit) }

    /// Pauses a key until `untilMillis` (for a `Retry-After`): nothing spends it before then.
    public func pause(_ key: String, untilMillis: Int64) async throws { try await budgets.pause(key, untilMillis: untilMillis) }

    /// Spends `count` tokens of `key` from inside a handler, waiting for them as long as needed.
    public func acquire(_ key: String, count: Int = 1) async throws { try await budgets.acquire(key, count: count) }

    /// One key's status, or `nil` when the key is not declared.
    public func rateLimitStatus(_ key: String) async throws -> RateLimitStatus? { try await budgets.status(key) }

    /// The status of every key.
    public func rateLimitStatuses() async throws -> [RateLimitStatus] { try await store.rateLimitStatuses(now: now()) }
}
