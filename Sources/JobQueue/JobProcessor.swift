import Essentials
import Foundation
public import Logging
public import ServiceLifecycle

/// Runs jobs: a `Service` with N workers over one ``JobQueue``.
///
/// One loop claims jobs (sized to the free workers, within concurrency limits and rate-limit
/// tokens) and writes finished outcomes in the same transaction; each job runs as a child task.
/// A heartbeat renews the leases of running jobs and stops handlers whose lease moved on; a
/// maintenance loop rescues expired leases, fires recurring schedules and prunes old rows.
///
/// On graceful shutdown (SIGTERM, SIGINT) it stops claiming, lets running jobs finish within the
/// grace period, then cancels the rest and releases them for immediate re-claim without spending
/// an attempt. With ``JobProcessorConfiguration/drain`` it returns once no work is due.
public struct JobProcessor: Service {
    public let queue: JobQueue
    public let configuration: JobProcessorConfiguration
    let logger: Logger

    public init(queue: JobQueue, configuration: JobProcessorConfiguration = JobProcessorConfiguration(),
                logger: Logger = Logger(label: "callvault.worker")) {
        self.queue = queue
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        try await queue.declare(queue.registry.rateLimits)
        if configuration.runSchedules { try await queue.installSchedules(queue.registry.schedules) }
        let state = ProcessorState()
        logger.info(
            "worker started",
            metadata: ["worker": "\(configuration.workerName)", "workers": "\(configuration.workers)"]
        )
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeatLoop(state) }
            group.addTask { await self.maintenanceLoop(state) }
            await withGracefulShutdownHandler {
                await self.claimLoop(state, group: &group)
            } onGracefulShutdown: {
                state.beginStopping()
                queue.wakeup.signal()
            }
            state.markFinished()
        }
        logger.info("worker stopped", metadata: ["worker": "\(configuration.workerName)"])
    }

    // MARK: - Claiming

    private func claimLoop(_ state: ProcessorState, group: inout DiscardingTaskGroup) async {
        var stopDeadline: Int64?
        var errorDelay: Int64 = 50
        var nextLocalDue: Int64?
        let plan = ClaimPlan(registry: queue.registry, kinds: configuration.kinds)
        while true {
            let now = queue.now()
            if state.isStopping || Task.isCancelled {
                if stopDeadline == nil {
                    stopDeadline = now + configuration.gracePeriodMillis
                    logger.info("stopping: waiting for running jobs", metadata: ["running": "\(state.inFlightCount)"])
                }
                if Task.isCancelled || now >= stopDeadline! { state.releaseAll() }
                if state.inFlightCount == 0 && !state.hasCompletions { return }
            }
            if state.inFlightCount > 0 {
                // Let handlers finishing at the same moment add their outcomes to this transaction.
                for _ in 0..<3 { await Task.yield() }
            }
            let completions = state.takeCompletions()
            let free = stopDeadline == nil ? configuration.workers - state.inFlightCount : 0
            var nextTokenAt: Int64?
            var claimedAll = false
            if !completions.isEmpty || free > 0 {
                do {
                    let result = try await detachedFromCancellation {
                        try await queue.completeAndClaim(
                            completions, limit: free, worker: configuration.workerName,
                            leaseMillis: configuration.leaseMillis, plan: plan
                        )
                    }
                    errorDelay = 50
                    logCompletions(completions, fencedOff: result.fencedOff)
                    if !completions.isEmpty { configuration.onOutcomes?(completions) }
                    for completion in completions {
                        if let due = completion.outcome.nextRunAt { nextLocalDue = min(nextLocalDue ?? due, due) }
                    }
                    for job in result.claimed {
                        state.start(job)
                        group.addTask { await self.execute(job, state: state) }
                    }
                    nextTokenAt = result.nextTokenAt
                    claimedAll = free > 0 && result.claimed.count == free
                } catch {
                    logger.error("claim failed; retrying", metadata: ["error": "\(error)"])
                    state.restore(completions)
                    await queue.wakeup.wait(untilMillis: queue.now() + errorDelay, clock: queue.clock)
                    errorDelay = min(errorDelay * 2, 5_000)
                    continue
                }
            }
            if claimedAll || state.hasCompletions { continue }
            if configuration.drain && stopDeadline == nil && state.inFlightCount == 0 {
                do {
                    if try await !queue.hasPendingWork(horizonMillis: configuration.drainHorizonMillis) {
                        logger.info("drained: no work due within the horizon")
                        state.beginStopping()
                        continue
                    }
                } catch {
                    logger.error("drain check failed", metadata: ["error": "\(error)"])
                }
            }
            let current = queue.now()
            var wakeAt = current + configuration.pollMillis
            if let nextTokenAt { wakeAt = min(wakeAt, max(current + 1, nextTokenAt)) }
            if let due = nextLocalDue {
                if due <= current { nextLocalDue = nil } else { wakeAt = min(wakeAt, due) }
            }
            if let stopDeadline { wakeAt = min(wakeAt, max(current + 1, stopDeadline)) }
            await queue.wakeup.wait(untilMillis: wakeAt, clock: queue.clock)
        }
    }

    private func logCompletions(_ completions: [JobCompletion], fencedOff: [Int64]) {
        let fenced = Set(fencedOff)
        for id in fencedOff {
            logger.warning("outcome discarded: the job's lease had moved on", metadata: ["job": "\(id)"])
        }
        guard logger.logLevel <= .debug else { return }
        for completion in completions where !fenced.contains(completion.jobId) {
            logger.debug("\(completion.outcome.label) job=\(completion.jobId)")
        }
    }

    // MARK: - Running one job

    private func execute(_ job: ClaimedJob, state: ProcessorState) async {
        guard let definition = queue.registry.definitions[job.kind] else {
            state.finish(JobCompletion(jobId: job.id, leaseToken: job.leaseToken,
                                       outcome: .failed(message: "no handler for kind \(job.kind)", retryAt: nil)))
            queue.wakeup.signal()
            return
        }
        var jobLogger = logger
        jobLogger[metadataKey: "job"] = "\(job.id)"
        jobLogger[metadataKey: "kind"] = "\(job.kind)"
        let context = JobContext(job: job, logger: jobLogger, queue: queue)
        let started = ContinuousClock.now
        let handler = Task { try await definition.handler(context) }
        state.setCancel(job.id) { handler.cancel() }
        let outcome: JobOutcome
        do {
            try await withTaskCancellationHandler {
                try await handler.value
            } onCancel: {
                handler.cancel()
            }
            outcome = .completed
        } catch {
            outcome = decide(error, job: job, definition: definition, state: state)
            if case .failed(let message, _) = outcome {
                jobLogger.warning("attempt failed", metadata: ["attempt": "\(job.attempt)", "error": "\(message)"])
            }
        }
        JobMetrics.record(kind: job.kind, outcome: outcome, duration: ContinuousClock.now - started)
        state.finish(JobCompletion(jobId: job.id, leaseToken: job.leaseToken, outcome: outcome, note: context.recordedNote))
        queue.wakeup.signal()
    }

    private func decide(_ error: any Error, job: ClaimedJob, definition: JobDefinition, state: ProcessorState) -> JobOutcome {
        if error is CancellationError, state.isReleasing || state.isLost(job.id) {
            return .released
        }
        let message: String
        let disposition: JobError.Disposition
        if let jobError = error as? JobError {
            message = jobError.message
            disposition = jobError.disposition
        } else {
            message = String(describing: error)
            disposition = .retry
        }
        switch disposition {
        case .permanent:
            return .failed(message: message, retryAt: nil)
        case .snooze(let until):
            return .snoozed(until: until, message: message)
        case .retry:
            guard job.attempt < job.maxAttempts else {
                return .failed(message: "\(message) (attempt \(job.attempt) of \(job.maxAttempts))", retryAt: nil)
            }
            return .failed(message: message, retryAt: queue.now() + definition.retry.delay(afterAttempt: job.attempt))
        }
    }

    // MARK: - Background loops

    private func heartbeatLoop(_ state: ProcessorState) async {
        let interval = max(10, configuration.leaseMillis / 3)
        while !state.isFinished {
            await sleep(interval, state)
            let leases = state.leases()
            guard !leases.isEmpty else { continue }
            do {
                let lost = try await queue.renewLeases(leases, leaseMillis: configuration.leaseMillis)
                if !lost.isEmpty {
                    logger.warning("lost leases; stopping those jobs", metadata: ["jobs": "\(lost)"])
                    state.markLost(lost)
                }
            } catch {
                logger.error("lease renewal failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func maintenanceLoop(_ state: ProcessorState) async {
        var lastPrune: Int64 = 0
        while !state.isFinished {
            do {
                try await queue.rescueExpiredLeases()
                if configuration.runSchedules && !state.isStopping {
                    let fired = try await queue.fireDueSchedules(queue.registry.schedules)
                    for name in fired { logger.info("schedule fired", metadata: ["schedule": "\(name)"]) }
                }
                if queue.now() - lastPrune > 60_000 {
                    lastPrune = queue.now()
                    let pruned = try await queue.prune(
                        olderThanMillis: configuration.retentionMillis, deadOlderThanMillis: configuration.deadRetentionMillis
                    )
                    if pruned > 0 { logger.info("pruned finished jobs", metadata: ["count": "\(pruned)"]) }
                }
            } catch {
                logger.error("maintenance failed", metadata: ["error": "\(error)"])
            }
            await sleep(configuration.maintenanceMillis, state)
        }
    }

    /// Sleeps up to `millis`, returning early once the processor finished.
    private func sleep(_ millis: Int64, _ state: ProcessorState) async {
        let deadline = queue.now() + millis
        while !state.isFinished && queue.now() < deadline {
            await state.finishedSignal.wait(untilMillis: deadline, clock: queue.clock)
        }
    }
}

/// Runs `body` in a task that does not inherit cancellation when the current task is cancelled, so
/// final bookkeeping writes happen even then; otherwise runs it in place (no task per claim).
func detachedFromCancellation<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    guard Task.isCancelled else { return try await body() }
    return try await Task { try await body() }.value
}

extension JobOutcome {
    /// When the job becomes due again, for outcomes that keep it waiting.
    var nextRunAt: Int64? {
        switch self {
        case .failed(_, let retryAt): retryAt
        case .snoozed(let until, _): until
        case .completed, .released: nil
        }
    }

    var label: String {
        switch self {
        case .completed: "completed"
        case .failed(_, let retryAt): retryAt == nil ? "dead" : "failed"
        case .snoozed: "snoozed"
        case .released: "released"
        }
    }
}
