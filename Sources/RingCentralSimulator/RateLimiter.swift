import Foundation
import Synchronization

/// Per-group sliding-window throttling with RingCentral's penalty semantics, plus counters.
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
        var accepted: [Date] = []
        var penaltyUntil: Date?
        var requests = 0
        var throttled = 0
        var penaltyViolations = 0
    }

    private let enabled: Bool
    private let budgets: [RateLimitGroup: RateLimitBudget]
    private let state = Mutex<[RateLimitGroup: GroupState]>([:])

    init(enabled: Bool, budgets: [RateLimitGroup: RateLimitBudget]) {
        self.enabled = enabled
        self.budgets = budgets
    }

    private func budget(_ group: RateLimitGroup) -> RateLimitBudget {
        self.budgets[group] ?? RateLimitBudget.defaults[group]!
    }

    private static func seconds(_ interval: TimeInterval) -> Int {
        max(1, Int(interval.rounded(.up)))
    }

    /// Counts a request against `group` and decides whether it may proceed.
    func admit(_ group: RateLimitGroup, now: Date = Date()) -> Decision {
        let budget = self.budget(group)
        return self.state.withLock { states in
            var entry = states[group] ?? GroupState()
            defer { states[group] = entry }
            entry.requests += 1
            entry.accepted.removeAll { now.timeIntervalSince($0) >= budget.window }
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
                entry.penaltyUntil = now.addingTimeInterval(budget.penalty)
                decision.allowed = false
                return decision
            }
            entry.penaltyUntil = nil
            if entry.accepted.count >= budget.limit {
                entry.throttled += 1
                entry.penaltyUntil = now.addingTimeInterval(budget.penalty)
                entry.accepted.removeAll()
                decision.allowed = false
                return decision
            }
            entry.accepted.append(now)
            decision.remaining = max(budget.limit - entry.accepted.count, 0)
            return decision
        }
    }

    /// Counters per group.
    func stats() -> [RateLimitGroup: SimulatorStats.GroupStats] {
        self.state.withLock { states in
            var result: [RateLimitGroup: SimulatorStats.GroupStats] = [:]
            for group in RateLimitGroup.allCases {
                let entry = states[group] ?? GroupState()
                result[group] = SimulatorStats.GroupStats(
                    requests: entry.requests, throttled: entry.throttled, penaltyViolations: entry.penaltyViolations
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
