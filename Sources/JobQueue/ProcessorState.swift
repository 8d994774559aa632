import Essentials
import Synchronization

/// The processor's shared bookkeeping: jobs in flight, finished outcomes waiting to be written,
/// and the shutdown flags.
final class ProcessorState: Sendable {
    struct InFlight {
        var token: Int64
        var cancel: (@Sendable () -> Void)?
        var lost = false
    }

    private struct State {
        var inFlight: [Int64: InFlight] = [:]
        var completions: [JobCompletion] = []
        var stopping = false
        var releasing = false
        var finished = false
    }

    private let state = Mutex(State())
    /// Signalled when the processor finished, to end the background loops' sleeps.
    let finishedSignal = Wakeup()

    var inFlightCount: Int { state.withLock { $0.inFlight.count } }
    var isStopping: Bool { state.withLock { $0.stopping } }
    var isFinished: Bool { state.withLock { $0.finished } }
    var hasCompletions: Bool { state.withLock { !$0.completions.isEmpty } }

    func start(_ job: ClaimedJob) {
        state.withLock { $0.inFlight[job.id] = InFlight(token: job.leaseToken) }
    }

    /// Registers how to cancel a running handler; cancels at once if the job was already told to stop.
    func setCancel(_ id: Int64, _ cancel: @escaping @Sendable () -> Void) {
        let cancelNow = state.withLock { state -> Bool in
            state.inFlight[id]?.cancel = cancel
            return state.releasing || state.inFlight[id]?.lost == true
        }
        if cancelNow { cancel() }
    }

    /// Whether the job's lease was lost (its outcome will be fenced off anyway).
    func isLost(_ id: Int64) -> Bool { state.withLock { $0.inFlight[id]?.lost ?? false } }

    /// Whether running handlers are being cancelled for shutdown.
    var isReleasing: Bool { state.withLock { $0.releasing } }

    func finish(_ completion: JobCompletion) {
        state.withLock {
            $0.inFlight[completion.jobId] = nil
            $0.completions.append(completion)
        }
    }

    func takeCompletions() -> [JobCompletion] {
        state.withLock { state in
            defer { state.completions.removeAll(keepingCapacity: true) }
            return state.completions
        }
    }

    /// Puts back outcomes whose write failed, to be written with the next batch.
    func restore(_ completions: [JobCompletion]) {
        state.withLock { $0.completions.insert(contentsOf: completions, at: 0) }
    }

    func leases() -> [JobLease] {
        state.withLock { state in state.inFlight.compactMap { $0.value.lost ? nil : JobLease(id: $0.key, token: $0.value.token) } }
    }

    /// Stops handlers whose lease moved on.
    func markLost(_ ids: [Int64]) {
        let cancels = state.withLock { state in
            ids.compactMap { id -> (@Sendable () -> Void)? in
                state.inFlight[id]?.lost = true
                return state.inFlight[id]?.cancel
            }
        }
        for cancel in cancels { cancel() }
    }

    func beginStopping() { state.withLock { $0.stopping = true } }

    /// Cancels every running handler; their jobs are released.
    func releaseAll() {
        let cancels = state.withLock { state in
            state.releasing = true
            return state.inFlight.values.compactMap(\.cancel)
        }
        for cancel in cancels { cancel() }
    }

    func markFinished() {
        state.withLock { $0.finished = true }
        finishedSignal.signal()
    }
}
