public import Essentials

/// The rate-limit keys of a ``QueueStore``, for code that spends budgets outside of claims (an
/// API client spending a token per request, learning budgets from headers, pausing on a 429).
///
/// Grants live in the store, so every process and machine on it shares one budget; a wait for a
/// token sleeps on the ``TimeSource`` and costs a running job no attempt.
public struct RateLimitBudgets: Sendable {
    let store: any QueueStore
    let clock: any TimeSource

    /// Budgets on `store`, timed by `clock`.
    public init(store: any QueueStore, clock: any TimeSource) {
        self.store = store
        self.clock = clock
    }

    /// Spends `count` tokens of `key`, waiting for them as long as needed. An undeclared key is
    /// unlimited.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire(_ key: String, count: Int = 1) async throws {
        precondition(count >= 1)
        while true {
            try Task.checkCancellation()
            guard let retryAt = try await store.tryAcquire(key, count: count, now: clock.nowMillis()) else { return }
            try await clock.sleep(untilMillis: max(retryAt, clock.nowMillis() + 1))
        }
    }

    /// Sets a key's budget.
    public func setRateLimit(_ limit: RateLimit) async throws {
        try await store.setRateLimit(limit, now: clock.nowMillis())
    }

    /// Pauses a key until `untilMillis`; a pause never shortens an existing one.
    public func pause(_ key: String, untilMillis: Int64) async throws {
        try await store.pause(key, until: untilMillis, now: clock.nowMillis())
        store.wakeup.signal()
    }

    /// One key's status, or `nil` when the key is not declared.
    public func status(_ key: String) async throws -> RateLimitStatus? {
        try await store.rateLimitStatus(key, now: clock.nowMillis())
    }
}
