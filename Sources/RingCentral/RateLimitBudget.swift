/// The shared request budgets the client spends, one key per RingCentral throttling group
/// (`ringcentral:heavy`, …).
///
/// Budgets are shared by every process and machine that archives for the same account, so the
/// whole deployment stays within RingCentral's limits; the queue's rate-limit keys implement it.
public protocol RateLimitBudget: Sendable {
    /// Spends one token of `key`, waiting for it as long as needed.
    func acquire(_ key: String) async throws
    /// Records what the server said the budget is (`X-Rate-Limit-Limit` per `-Window`).
    func learn(_ key: String, limit: Int, windowMillis: Int64) async throws
    /// Spends nothing before `untilMillis` (a 429's penalty); never shortens a pause.
    func pause(_ key: String, untilMillis: Int64) async throws
    /// When the key's pause ends, if it is paused now.
    func pausedUntil(_ key: String) async throws -> Int64?
}
