import Synchronization

/// A time source that only moves when told to: tests advance it instead of sleeping.
///
/// Sleepers resume, in deadline order, as soon as ``advance(byMillis:)`` or ``set(millis:)``
/// moves time to or past their deadline. ``waitForSleepers(atLeast:)`` lets a test wait until
/// the code under test is actually asleep before it moves time, so nothing depends on the
/// wall clock or on scheduling luck.
///
/// ```swift
/// let clock = ManualTimeSource(nowMillis: 0)
/// async let done: Void = clock.sleep(untilMillis: 1_000)
/// await clock.waitForSleepers(atLeast: 1)
/// clock.advance(byMillis: 1_000)
/// try await done
/// ```
public final class ManualTimeSource: TimeSource {
    private struct Sleeper {
        var deadline: Int64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Int64
        var nextId: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var cancelledBeforeRegistration: Set<UInt64> = []
    }

    private let state: Mutex<State>
    private let changed = Wakeup()

    /// Creates a source that reads `nowMillis` until advanced.
    public init(nowMillis: Int64 = 1_736_159_400_000) {
        state = Mutex(State(now: nowMillis))
    }

    public func nowMillis() -> Int64 { state.withLock { $0.now } }

    /// How many tasks are sleeping on this source now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline anyone sleeps until, if anyone sleeps.
    public var nextDeadline: Int64? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    public func sleep(untilMillis deadline: Int64) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextId &+= 1
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelledBeforeRegistration.remove(id) != nil || Task.isCancelled {
                        return .failure(CancellationError())
                    }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let immediate {
                    continuation.resume(with: immediate)
                } else {
                    changed.signal()
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let sleeper = state.sleepers.removeValue(forKey: id) else {
                    state.cancelledBeforeRegistration.insert(id)
                    return nil
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        state.withLock { _ = $0.cancelledBeforeRegistration.remove(id) }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(byMillis millis: Int64) {
        precondition(millis >= 0, "time only moves forward")
        move { $0 + millis }
    }

    /// Moves time to `millis` (never backwards) and wakes every sleeper whose deadline has come.
    public func set(millis: Int64) {
        move { max($0, millis) }
    }

    /// Advances to the earliest sleeper's deadline, if anyone sleeps; returns whether time moved.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let next = nextDeadline else { return false }
        set(millis: next)
        return true
    }

    /// Returns once at least `count` tasks sleep on this source.
    public func waitForSleepers(atLeast count: Int) async {
        while sleeperCount < count {
            await changed.wait(timeoutMillis: 10)
        }
    }

    private func move(_ transform: (Int64) -> Int64) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = transform(state.now)
            let now = state.now
            let ids = state.sleepers.filter { $0.value.deadline <= now }.keys
            return ids.compactMap { state.sleepers.removeValue(forKey: $0) }.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
