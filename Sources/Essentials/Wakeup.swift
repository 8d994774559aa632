import Dispatch
import Synchronization

/// A level-triggered wake-up: `signal()` ends the current or next `wait`.
///
/// The processor waits on it between claims; a local enqueue or a finished job signals it, so work
/// starts at once instead of at the next poll.
public final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every waiter, or the next one to wait when nobody is waiting.
    public func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
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
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                    return
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(min(timeoutMillis, 86_400_000)))) {
                    self.resume(id)
                }
            }
        } onCancel: {
            self.resume(id)
        }
    }

    private func resume(_ id: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.resume()
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
