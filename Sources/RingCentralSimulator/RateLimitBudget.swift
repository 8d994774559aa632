public import Foundation

/// The request budget of one throttling group.
///
/// At most ``limit`` requests are accepted in any sliding ``window``. The request that goes over the budget gets a 429
/// with `Retry-After: penalty`, and so does every request made before the penalty ends; each of those restarts the
/// penalty clock (RingCentral's "429 trap").
public struct RateLimitBudget: Sendable, Hashable {
    /// Requests accepted per window.
    public var limit: Int
    /// Window length in seconds (`X-Rate-Limit-Window`).
    public var window: TimeInterval
    /// Penalty length in seconds (`Retry-After`); defaults to the window.
    public var penalty: TimeInterval

    /// Creates a budget.
    public init(limit: Int, window: TimeInterval = 60, penalty: TimeInterval? = nil) {
        self.limit = limit
        self.window = window
        self.penalty = penalty ?? window
    }

    /// RingCentral's documented defaults: Light 50, Medium 40, Heavy 10, Auth 5 per 60 s.
    public static let defaults: [RateLimitGroup: RateLimitBudget] = [
        .light: RateLimitBudget(limit: 50),
        .medium: RateLimitBudget(limit: 40),
        .heavy: RateLimitBudget(limit: 10),
        .auth: RateLimitBudget(limit: 5),
    ]
}
