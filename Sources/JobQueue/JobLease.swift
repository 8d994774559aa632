/// A running job's claim, as the heartbeat renews it.
public struct JobLease: Sendable, Equatable {
    /// The job.
    public var id: Int64
    /// The claim's lease token: the fence.
    public var token: Int64

    /// Creates a lease.
    public init(id: Int64, token: Int64) {
        self.id = id
        self.token = token
    }
}
