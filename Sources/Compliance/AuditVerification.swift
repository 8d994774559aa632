/// What ``AuditVerifier`` found.
public struct AuditVerification: Sendable, Codable, Equatable {
    /// Entries checked.
    public var entries: Int64
    /// The hash of the last intact entry: record it elsewhere to detect a truncated tail later.
    public var head: String
    /// The sequence number of the first broken entry, when the chain is broken.
    public var brokenAt: Int64?
    /// Why it is broken.
    public var problem: String?

    /// Creates a result.
    public init(entries: Int64, head: String, brokenAt: Int64? = nil, problem: String? = nil) {
        self.entries = entries
        self.head = head
        self.brokenAt = brokenAt
        self.problem = problem
    }

    /// Whether every link holds.
    public var isIntact: Bool { brokenAt == nil }
}
