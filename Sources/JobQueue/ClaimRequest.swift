/// What one claim asks of the store.
public struct ClaimRequest: Sendable {
    /// The most jobs to claim (free worker slots); 0 only records outcomes.
    public var limit: Int
    /// The claiming worker's name, stored on the job.
    public var worker: String
    /// When the claimed jobs' leases expire unless renewed.
    public var leaseUntil: Int64
    /// Which kinds to claim and under which limits.
    public var plan: ClaimPlan

    /// Creates a claim request.
    public init(limit: Int, worker: String, leaseUntil: Int64, plan: ClaimPlan) {
        self.limit = limit
        self.worker = worker
        self.leaseUntil = leaseUntil
        self.plan = plan
    }
}
