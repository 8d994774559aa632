public import Essentials

/// Moves a test's ``ManualTimeSource`` forward whenever the code under test waits for time and
/// nothing else is going on, so timed behaviour (backoffs, leases, rate-limit windows) plays out
/// in simulated time: instantly, and the same way on any machine.
///
/// "Nothing else is going on" means the set of sleepers stayed the same across a few real
/// scheduler turns and no call of a ``TestBackend``'s queue store waits for the database; time then jumps to the earliest deadline (never further), so every timed
/// step still happens in order. A test must therefore assert what happened and in which order
/// (as a product of simulated time), never how little simulated time it took: a slow real
/// operation can let simulated time run on meanwhile.
public struct TimeDriver: Sendable {
    let clock: ManualTimeSource

    /// A driver for `clock`.
    public init(_ clock: ManualTimeSource) {
        self.clock = clock
    }

    /// Runs `body` while advancing the clock as described, and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while !Task.isCancelled {
                    try await settle()
                    clock.advanceToNextDeadline()
                }
                return nil
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }

    /// Returns once at least one task sleeps on the clock and the sleepers stopped changing.
    func settle() async throws {
        var stableTurns = 0
        var last: (Int, Int64?) = (-1, nil)
        while stableTurns < 5 {
            try await Task.sleep(for: .milliseconds(2))
            let now = (clock.sleeperCount, clock.nextDeadline)
            if now.0 > 0 && now == last && !StoreActivity.isBusy(clock) { stableTurns += 1 } else { stableTurns = 0 }
            last = now
        }
    }
}
