import Dispatch
import Synchronization

/// A level-triggered wake-up: `signal()` ends the current or next `wait`.
///
/// The processor waits on it between claims; a local enqueue or a finished job signals it, so work
/// starts at once instead of at the next poll.
///
/// Timeouts share one dispatch timer, set to the earliest deadline of the waiters: a wait that a
/// signal ends leaves nothing behind (a timer per wait would stay queued until its deadline, and a
/// busy appender waits thousands of times a minute).
public final class Wakeup: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let deadline: DispatchTime
    }

    private struct State {
        var pending = false
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// The deadline the timer is set for, if any.
        var armed: DispatchTime?
        /// The one timer of the waits' deadlines (used under the lock only).
        let timer = DispatchSource.makeTimerSource(queue: .global())
    }

    private let state = Mutex(State())

    public init() {
        state.withLock { state in
            state.timer.setEventHandler { [weak self] in self?.expire() }
            state.timer.activate()
        }
    }

    deinit { state.withLock { $0.timer.cancel() } }

    /// Wakes every waiter, or the next one to wait when nobody is waiting.
    public func signal() {
        let waiters = state.withLock { state -> [Waiter] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            defer {
                state.waiters.removeAll()
                disarm(&state)
            }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume() }
    }

    /// Returns after a signal, after `timeoutMillis`, or when the task is cancelled.
    public func wait(timeoutMillis: Int64) async {
        let consumed = state.withLock { state -> Bool in
            defer { state.pending = false }
            return state.pending
        }
        if consumed || timeoutMillis <= 0 { return }
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        let deadline = DispatchTime.now() + .milliseconds(Int(min(timeoutMillis, 86_400_000)))
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiters[id] = Waiter(continuation: continuation, deadline: deadline)
                    if state.armed.map({ deadline < $0 }) ?? true {
                        state.armed = deadline
                        state.timer.schedule(deadline: deadline, leeway: .milliseconds(1))
                    }
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { if state.waiters.isEmpty { disarm(&state) } }
                return state.waiters.removeValue(forKey: id)
            }
            waiter?.continuation.resume()
        }
    }

    /// Waiters now waiting (for tests).
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// The deadline the shared timer is set for, if any (for tests).
    var armedDeadline: DispatchTime? { state.withLock { $0.armed } }

    /// The timer fired: ends the waits whose deadline passed and sets it for the next one.
    private func expire() {
        let expired = state.withLock { state -> [Waiter] in
            let now = DispatchTime.now()
            var expired: [Waiter] = []
            for (id, waiter) in state.waiters where waiter.deadline <= now {
                expired.append(waiter)
                state.waiters[id] = nil
            }
            if let next = state.waiters.values.map(\.deadline).min() {
                state.armed = next
                state.timer.schedule(deadline: next, leeway: .milliseconds(1))
            } else {
                disarm(&state)
            }
            return expired
        }
        for waiter in expired { waiter.continuation.resume() }
    }

    /// Disarms the timer: it will not fire until a wait sets it again.
    private func disarm(_ state: inout State) {
        guard state.armed != nil else { return }
        state.armed = nil
        state.timer.schedule(deadline: .distantFuture)
    }
}

extension Wakeup {
    /// Returns after a signal, once `clock` reaches `deadline`, or when the task is cancelled.
    ///
    /// On the wall clock this is ``wait(timeoutMillis:)``; on any other source (a test's
    /// ``ManualTimeSource``) the deadline is a sleep on that source.
    public func wait(untilMillis deadline: Int64, clock: any TimeSource) async {
        if clock is SystemTimeSource {
            await wait(timeoutMillis: deadline - clock.nowMillis())
            return
        }
        if deadline <= clock.nowMillis() { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait(timeoutMillis: 86_400_000) }
            group.addTask { try? await clock.sleep(untilMillis: deadline) }
            await group.next()
            group.cancelAll()
        }
    }
}
