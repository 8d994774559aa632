public import JobQueue
public import RingCentral

/// RingCentral's request budgets on the queue's rate-limit keys: the client and the claims of
/// Heavy jobs spend the same grants, shared by every process on the store.
public struct QueueRateLimitBudget: RateLimitBudget {
    let budgets: RateLimitBudgets

    /// An adapter over the queue store's budgets.
    public init(budgets: RateLimitBudgets) {
        self.budgets = budgets
    }

    public func acquire(_ key: String) async throws { try await budgets.acquire(key) }

    public func learn(_ key: String, limit: Int, windowMillis: Int64) async throws {
        try await budgets.setRateLimit(RateLimit(key: key, limit: limit, windowMillis: windowMillis))
    }

    public func pause(_ key: String, untilMillis: Int64) async throws { try await budgets.pause(key, untilMillis: untilMillis) }

    public func pausedUntil(_ key: String) async throws -> Int64? { try await budgets.status(key)?.pausedUntil }
}
