import Essentials
import Foundation
import Synchronization

/// Per-group sliding-window throttling with RingCentral's penalty semantics, plus counters, timed by the simulator's
/// clock.
///
/// A request over the budget, or an injected rate-limit fault, starts a penalty of the group's
/// ``RateLimitBudget/penalty``. Every request made before the penalty ends is refused with 429 and restarts the
/// penalty (RingCentral's "429 trap"), so a client that retries early stays locked out.
final class RateLimiter: Sendable {
    /// The outcome of one request.
    struct Decision: Sendable {
        var allowed: Bool
        var group: RateLimitGroup
        var limit: Int
        var remaining: Int
        var window: Int
        var retryAfter: Int
    }

    private struct GroupState {
        var accepted: [Int64] = []
        var penaltyUntil: Int64?
        var requests = 0
        var throttled = 0
        var penaltyViolations = 0
        var rateLimitBodies = 0
    }

    private let clock: any TimeSource
    private let enabled: Bool
    private let budgets: [RateLimitGroup: RateLimitBudget]
    private let state = Mutex<[RateLimitGroup: GroupState]>([:])

    init(clock: any TimeSource, enabled: Bool, budgets: [RateLimitGroup: RateLimitBudget]) {
        self.clock = clock
        self.enabled = enabled
        self.budgets = budgets
    }

    private func budget(_ group: RateLimitGroup) -> RateLimitBudget {
        self.budgets[group] ?? RateLimitBudget.defaults[group]!
    }

    private static func seconds(_ interval: TimeInterval) -> Int {
        max(1, Int(interval.rounded(.up)))
    }

    private static func millis(_ interval: TimeInterval) -> Int64 {
        Int64((interval * 1000).rounded(.up))
    }

    /// Counts a request against `group` and decides whether it may proceed.
    func admit(_ group: RateLimitGroup) -> Decision {
        let budget = self.budget(group)
        let now = self.clock.nowMillis()
        let windowMillis = Self.millis(budget.window)
        return self.state.withLock { states in
            var entry = states[group] ?? GroupState()
            defer { states[group] = entry }
            entry.requests += 1
            entry.accepted.removeAll { now - $0 >= windowMillis }
            var decision = Decision(
                allowed: true, group: group, limit: budget.limit, remaining: 0,
                window: Self.seconds(budget.window), retryAfter: Self.seconds(budget.penalty)
            )
            guard self.enabled else {
                entry.accepted.append(now)
                decision.remaining = max(budget.limit - entry.accepted.count, 0)
                return decision
            }
            if let until = entry.penaltyUntil, now < until {
                // A request inside the penalty restarts the penalty clock.
                entry.penaltyViolations += 1
                entry.throttled += 1
                entry.penaltyUntil = now + Self.millis(budget.penalty)
                decision.allowed = false
                return decision
            }
            entry.penaltyUntil = nil
            if entry.accepted.count >= budget.limit {
                entry.throttled += 1
                entry.penaltyUntil = now + Self.millis(budget.penalty)
                entry.accepted.removeAll()
                decision.allowed = false
                return decision
            }
            entry.accepted.append(now)
            decision.remaining = max(budget.limit - entry.accepted.count, 0)
            return decision
        }
    }

    /// An injected rate-limit fault fired on an admitted request: the group's penalty starts now (when throttling is
    /// enforced), exactly as if the budget had run out.
    ///
    /// - Parameters:
    ///   - group: The group of the request.
    ///   - disguised: `true` for a `200` whose body is `CMN-301`, `false` for a 429.
    /// - Returns: The decision to report in the response headers.
    func penalize(_ group: RateLimitGroup, disguised: Bool) -> Decision {
        let budget = self.budget(group)
        let now = self.clock.nowMillis()
        return self.state.withLock { states in
            var entry = states[group] ?? GroupState()
            defer { states[group] = entry }
            if disguised {
                entry.rateLimitBodies += 1
            } else {
                entry.throttled += 1
            }
            if self.enabled {
                entry.penaltyUntil = now + Self.millis(budget.penalty)
                entry.accepted.removeAll()
            }
            return Decision(
                allowed: false, group: group, limit: budget.limit, remaining: 0,
                window: Self.seconds(budget.window), retryAfter: Self.seconds(budget.penalty)
            )
        }
    }

    /// Milliseconds since 1970 at which the group's penalty ends, if one is running.
    func penaltyEnd(_ group: RateLimitGroup) -> Int64? {
        let now = self.clock.nowMillis()
        return self.state.withLock { states in
            guard let until = states[group]?.penaltyUntil, until > now else { return nil }
            return until
        }
    }

    /// Counters per group.
    func stats() -> [RateLimitGroup: SimulatorStats.GroupStats] {
        self.state.withLock { states in
            var result: [RateLimitGroup: SimulatorStats.GroupStats] = [:]
            for group in RateLimitGroup.allCases {
                let entry = states[group] ?? GroupState()
                result[group] = SimulatorStats.GroupStats(
                    requests: entry.requests, throttled: entry.throttled, penaltyViolations: entry.penaltyViolations,
                    rateLimitBodies: entry.rateLimitBodies
                )
            }
            return result
        }
    }

    /// Clears windows, penalties and counters.
    func reset() {
        self.state.withLock { $0.removeAll() }
    }
}
