import Dispatch
import Synchronization
import Testing

@testable import Essentials

/// ``Wakeup``: signals, timeouts sharing one timer, cancellation.
@Suite("Wakeup")
struct WakeupTests {
    /// Starts a wait and returns once `count` waits are registered, or this one is over (a short
    /// timeout may pass before the test looks).
    static func waiting(on wakeup: Wakeup, millis: Int64, count: Int) async -> Task<Void, Never> {
        let over = Atomic<Bool>(false)
        let task = Task {
            await wakeup.wait(timeoutMillis: millis)
            over.store(true, ordering: .releasing)
        }
        while wakeup.waiting < count && !over.load(ordering: .acquiring) { await Task.yield() }
        return task
    }

    @Test func signalledWaitsLeaveNoTimerSet() async {
        let wakeup = Wakeup()
        for _ in 0..<200 {
            let task = await Self.waiting(on: wakeup, millis: 60_000, count: 1)
            #expect(wakeup.armedDeadline != nil)
            wakeup.signal()
            await task.value
        }
        #expect(wakeup.waiting == 0)
        #expect(wakeup.armedDeadline == nil)
    }

    @Test func aSignalBeforeTheWaitIsKept() async {
        let wakeup = Wakeup()
        wakeup.signal()
        // Returns at once: the pending signal is consumed, nothing is registered.
        await wakeup.wait(timeoutMillis: 86_400_000)
        #expect(wakeup.waiting == 0)
        #expect(wakeup.armedDeadline == nil)
    }

    @Test func theEarliestDeadlineEndsFirstAndTheTimerMovesToTheNext() async {
        let wakeup = Wakeup()
        let long = await Self.waiting(on: wakeup, millis: 3_600_000, count: 1)
        let longDeadline = wakeup.armedDeadline
        let short = await Self.waiting(on: wakeup, millis: 20, count: 2)
        await short.value
        // The hour-long wait is still there, and the timer is set for it.
        #expect(wakeup.waiting == 1)
        #expect(wakeup.armedDeadline == longDeadline)
        wakeup.signal()
        await long.value
        #expect(wakeup.armedDeadline == nil)
    }

    @Test func aCancelledWaitReturnsAndIsForgotten() async {
        let wakeup = Wakeup()
        let task = await Self.waiting(on: wakeup, millis: 3_600_000, count: 1)
        task.cancel()
        await task.value
        #expect(wakeup.waiting == 0)
        #expect(wakeup.armedDeadline == nil)
    }

    @Test func aTimeoutAfterADisarmStillFires() async {
        let wakeup = Wakeup()
        for _ in 0..<200 {
            let long = await Self.waiting(on: wakeup, millis: 60_000, count: 1)
            wakeup.signal()
            await long.value
            // Only the timer can end this wait.
            await wakeup.wait(timeoutMillis: 2)
        }
        #expect(wakeup.waiting == 0)
    }

    @Test func manyWaitersWithShortTimeoutsAndSignalsAllReturn() async {
        let wakeup = Wakeup()
        await withTaskGroup(of: Void.self) { group in
            for waiter in 0..<8 {
                group.addTask {
                    for round in 0..<300 { await wakeup.wait(timeoutMillis: Int64(1 + (waiter + round) % 5)) }
                }
            }
            group.addTask {
                for _ in 0..<300 {
                    wakeup.signal()
                    await Task.yield()
                }
            }
        }
        #expect(wakeup.waiting == 0)
    }
}
