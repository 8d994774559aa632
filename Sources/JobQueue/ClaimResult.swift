/// What one claim transaction did.
public struct ClaimResult: Sendable {
    /// Jobs now leased to the caller, in priority order.
    public var claimed: [ClaimedJob]
    /// Completions whose fence no longer held (the lease moved on): their outcome was not applied.
    public var fencedOff: [Int64]
    /// When a rate-limited kind could next get a token, if one was short.
    public var nextTokenAt: Int64?

    /// Creates a value.
    public init(claimed: [ClaimedJob], fencedOff: [Int64], nextTokenAt: Int64?) {
        self.claimed = claimed
        self.fencedOff = fencedOff
        self.nextTokenAt = nextTokenAt
    }
}
