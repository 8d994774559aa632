import Essentials
import Foundation
import ServiceLifecycle
import Synchronization

/// Runs the simulator's timed work on its clock: AI job callbacks, the telephony-session events of played calls, and
/// RingSense insights events.
///
/// Actions run one at a time in the order of their due time (then of scheduling), so the events of one call reach a
/// subscriber in order. With a `ManualTimeSource` nothing runs until the test moves the clock past an action's time.
final class SimulatorScheduler: Service, Sendable {
    private struct Item: Sendable {
        var due: Int64
        var order: UInt64
        var action: @Sendable () async -> Void
    }

    private struct State {
        var items: [Item] = []
        var nextOrder: UInt64 = 0
        var running = false
        var stopped = false
    }

    private let clock: any TimeSource
    private let state = Mutex(State())
    private let wakeup = Wakeup()

    init(clock: any TimeSource) {
        self.clock = clock
    }

    /// Runs `action` once the clock reaches `date`, rounded up to the clock's whole millisecond (so the action never
    /// runs while `date` still lies a fraction of a millisecond ahead); at once if that has passed.
    ///
    /// The millisecond is the first whose `Date` (``Millis/date(_:)``, what the simulator's `now` is) is not before
    /// `date`: rounding `date` times 1000 up can land one short, because that product is itself rounded (an AI job
    /// ready at `now + 0.2` then found itself not ready when its callback ran, and never posted it).
    func schedule(at date: Date, _ action: @escaping @Sendable () async -> Void) {
        var due = Int64((date.timeIntervalSince1970 * 1000).rounded(.up))
        while Millis.date(due) < date { due += 1 }
        self.schedule(atMillis: due, action)
    }

    /// Runs `action` once the clock reaches `due` (milliseconds since 1970); at once if that has passed.
    func schedule(atMillis due: Int64, _ action: @escaping @Sendable () async -> Void) {
        self.state.withLock { state in
            state.nextOrder += 1
            state.items.append(Item(due: due, order: state.nextOrder, action: action))
        }
        self.wakeup.signal()
    }

    /// Whether no action is due now and none is running.
    var isSettled: Bool {
        let now = self.clock.nowMillis()
        return self.state.withLock { state in
            !state.running && !state.items.contains { $0.due <= now }
        }
    }

    /// Number of actions not run yet.
    var pendingCount: Int {
        self.state.withLock { $0.items.count }
    }

    private func takeDue() -> Item? {
        let now = self.clock.nowMillis()
        return self.state.withLock { state in
            guard !state.stopped else { return nil }
            let due = state.items.enumerated().filter { $0.element.due <= now }
            guard let first = due.min(by: { ($0.element.due, $0.element.order) < ($1.element.due, $1.element.order) }) else {
                state.running = false
                return nil
            }
            state.items.remove(at: first.offset)
            state.running = true
            return first.element
        }
    }

    private var nextDue: Int64? {
        self.state.withLock { $0.items.map(\.due).min() }
    }

    private var isStopped: Bool {
        self.state.withLock { $0.stopped }
    }

    func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            while !Task.isCancelled, !self.isStopped {
                if let item = self.takeDue() {
                    await item.action()
                    continue
                }
                if let deadline = self.nextDue {
                    await self.wakeup.wait(untilMillis: deadline, clock: self.clock)
                } else {
                    // Nothing scheduled: wait for ``schedule(atMillis:_:)`` only, not for a time on the clock
                    // (a test's clock would otherwise be asked to move for nothing).
                    await self.wakeup.wait(timeoutMillis: 86_400_000)
                }
            }
        } onCancelOrGracefulShutdown: {
            self.state.withLock { $0.stopped = true }
            self.wakeup.signal()
        }
        self.state.withLock { $0.running = false }
    }
}
