/// How a ``JobProcessor`` runs.
public struct JobProcessorConfiguration: Sendable {
    /// Jobs run at once by this process.
    public var workers: Int
    /// The worker name stored on claimed jobs; default host, pid and a random suffix.
    public var workerName: String
    /// How long a claim holds a job without renewal; renewed every third of it.
    public var leaseMillis: Int64
    /// How often to look for work enqueued by other processes (local enqueues wake at once).
    public var pollMillis: Int64
    /// How often to rescue expired leases and fire due schedules.
    public var maintenanceMillis: Int64
    /// On shutdown, how long running jobs may finish before they are cancelled and released.
    public var gracePeriodMillis: Int64
    /// Return once no work is due within ``drainHorizonMillis`` (recurring schedules aside).
    public var drain: Bool
    public var drainHorizonMillis: Int64
    /// Fire the registry's recurring schedules.
    public var runSchedules: Bool
    /// Completed and cancelled jobs are deleted this long after they finished.
    public var retentionMillis: Int64
    /// Dead jobs are deleted this long after they died; `nil` keeps them.
    public var deadRetentionMillis: Int64?
    /// Restricts this processor to some kinds; `nil` runs every registered kind.
    public var kinds: Set<String>?
    /// Told about outcomes once they are recorded (for progress displays); never blocks the loop.
    public var onOutcomes: (@Sendable ([JobCompletion]) -> Void)?

    public init(
        workers: Int = 4,
        workerName: String? = nil,
        leaseMillis: Int64 = 30_000,
        pollMillis: Int64 = 1_000,
        maintenanceMillis: Int64 = 1_000,
        gracePeriodMillis: Int64 = 10_000,
        drain: Bool = false,
        drainHorizonMillis: Int64 = 600_000,
        runSchedules: Bool = true,
        retentionMillis: Int64 = 7 * 86_400_000,
        deadRetentionMillis: Int64? = nil,
        kinds: Set<String>? = nil,
        onOutcomes: (@Sendable ([JobCompletion]) -> Void)? = nil
    ) {
        precondition(workers >= 1, "workers must be at least 1")
        precondition(leaseMillis >= 30, "the lease must be at least 30 ms")
        self.workers = workers
        self.workerName = workerName ?? WorkerName.make()
        self.leaseMillis = leaseMillis
        self.pollMillis = pollMillis
        self.maintenanceMillis = maintenanceMillis
        self.gracePeriodMillis = gracePeriodMillis
        self.drain = drain
        self.drainHorizonMillis = drainHorizonMillis
        self.runSchedules = runSchedules
        self.retentionMillis = retentionMillis
        self.deadRetentionMillis = deadRetentionMillis
        self.kinds = kinds
        self.onOutcomes = onOutcomes
    }
}
