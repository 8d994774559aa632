/// Walks the whole audit chain and stops at the first broken link: an entry edited (its hash no
/// longer matches), removed (a gap in the sequence) or rewritten (its previous-hash differs).
///
/// Removing entries at the very end leaves an intact, shorter chain: compare ``AuditVerification/head``
/// with a value recorded earlier to detect that.
public struct AuditVerifier: Sendable {
    /// The log to check.
    public let log: any AuditLog

    /// A verifier of `log`.
    public init(log: any AuditLog) {
        self.log = log
    }

    /// Checks every entry, in pages.
    public func run(pageSize: Int = 5_000) async throws -> AuditVerification {
        var previous: AuditEntry?
        var count: Int64 = 0
        while true {
            let page = try await log.chain(after: previous?.seq ?? 0, limit: pageSize)
            if page.isEmpty { break }
            for entry in page {
                if let problem = AuditChain.brokenLink(entry, after: previous) {
                    return AuditVerification(
                        entries: count, head: previous?.hash ?? AuditChain.genesis, brokenAt: entry.seq, problem: problem)
                }
                previous = entry
                count += 1
            }
        }
        return AuditVerification(entries: count, head: previous?.hash ?? AuditChain.genesis)
    }
}
