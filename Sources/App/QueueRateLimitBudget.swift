import JobQueue
import RingCentral

/// RingCentral's request budgets on the queue's rate-limit keys: the client and the claims of
/// Heavy jobs spend the same grants, shared by every process on the store.
struct QueueRateLimitBudget: RateLimitBudget {
    let budgets: RateLimitBudgets

    func acquire(_ key: String) async throws { try await budgets.acquire(key) }

    func learn(_ key: String, limit: Int, windowMillis: Int64) async throws {
        try await budgets.setRateLimit(RateLimit(key: key, limit: limit, windowMillis: windowMillis))
    }

    func pause(_ key: String, untilMillis: Int64) async throws { try await budgets.pause(key, untilMillis: untilMillis) }

    func pausedUntil(_ key: String) async throws -> Int64? { try await budgets.status(key)?.pausedUntil }
}
