public import Essentials

/// Where the queue keeps its jobs, rate-limit budgets and recurring schedules.
///
/// ``JobQueue`` and ``JobProcessor`` run on any store; the store decides nothing about retries,
/// kinds or schedules' cadences, it only records. Every method is atomic, every outcome is fenced
/// on its claim's lease token, and every time is passed in (milliseconds since 1970 from the
/// queue's ``TimeSource``), so a store never reads a clock of its own.
///
/// SQLite (`SQLiteQueueStore`) is the embedded default; PostgreSQL serves a fleet of machines.
public protocol QueueStore: Sendable {
    /// Signalled whenever this store learns of new or newly due work: a local commit, or another
    /// machine's notification. The processor waits on it between claims.
    var wakeup: Wakeup { get }

    // MARK: Jobs

    /// Inserts jobs in one transaction: all of them or none. A request whose idempotency key is
    /// held by a live job returns that job (`inserted == false`). Requests arrive validated, with
    /// ``JobRequest/maxAttempts`` resolved.
    func enqueue(_ requests: [JobRequest], now: Int64) async throws -> [EnqueueResult]

    /// Records finished outcomes (each only while its lease token still holds) and claims up to
    /// ``ClaimRequest/limit`` due jobs, in one transaction; rate-limit tokens are spent in it.
    func completeAndClaim(_ completions: [JobCompletion], claim: ClaimRequest, now: Int64) async throws -> ClaimResult

    /// Extends the leases of running jobs to `until`; returns the ids whose lease moved on.
    func renewLeases(_ leases: [JobLease], until: Int64) async throws -> [Int64]

    /// Gives running jobs whose lease expired before `now` back (dead when out of attempts),
    /// counting the rescue; returns how many.
    func rescueExpiredLeases(now: Int64) async throws -> Int

    /// Whether a job runs anywhere, or a waiting job of one of `kinds` is due by `dueBy`.
    func hasPendingWork(kinds: [String], dueBy: Int64) async throws -> Bool

    /// Deletes completed and cancelled jobs that finished before `finishedBefore`, and dead jobs
    /// that died before `deadBefore` when given; returns how many.
    func prune(finishedBefore: Int64, deadBefore: Int64?) async throws -> Int

    // MARK: Schedules

    /// Stores schedules: a new one (or one whose cadence changed) first fires at `firstRun(schedule)`;
    /// an unchanged one keeps its next firing time.
    func installSchedules(_ schedules: [RecurringSchedule], now: Int64) async throws

    /// Enqueues `job(schedule)` for every due schedule and moves its next firing past `now`, in
    /// one transaction, so an occurrence fires once across every process. Returns the names fired.
    func fireDueSchedules(_ schedules: [RecurringSchedule], job: @Sendable (RecurringSchedule) -> JobRequest, now: Int64)
        async throws -> [String]

    // MARK: Inspection and operator actions

    /// One job, or `nil`.
    func job(_ id: Int64) async throws -> JobRecord?
    /// Jobs matching `filter`, newest first.
    func list(_ filter: JobFilter) async throws -> [JobRecord]
    /// Counts by kind and state and the oldest due job's age (rate limits are added by the queue).
    func stats(now: Int64) async throws -> JobStats
    /// Cancels a job that has not finished. - Throws: ``JobQueueError`` `.notFound`, `.invalidState`.
    func cancel(_ id: Int64, now: Int64) async throws
    /// Makes a dead, cancelled or waiting job due now. - Throws: ``JobQueueError``.
    func retry(_ id: Int64, now: Int64) async throws

    // MARK: Rate limits

    /// Creates keys with these budgets unless they exist (a budget learned later is kept).
    func declare(_ limits: [RateLimit], now: Int64) async throws
    /// Sets a key's budget (creating the key).
    func setRateLimit(_ limit: RateLimit, now: Int64) async throws
    /// Pauses a key until `until`; a pause never shortens an existing one.
    func pause(_ key: String, until: Int64, now: Int64) async throws
    /// Spends `count` tokens of `key` when available. Returns `nil` when spent (or the key is
    /// not declared: unlimited), else when to try again.
    func tryAcquire(_ key: String, count: Int, now: Int64) async throws -> Int64?
    /// One key's status, or `nil` when the key is not declared.
    func rateLimitStatus(_ key: String, now: Int64) async throws -> RateLimitStatus?
    /// Every key's status.
    func rateLimitStatuses(now: Int64) async throws -> [RateLimitStatus]
}
