/// Which kinds a claim considers, grouped the way the claim transaction needs them; built once per
/// processor so the hot path allocates and sorts nothing.
public struct ClaimPlan: Sendable {
    /// Kinds with a concurrency limit or a rate-limit key, claimed one kind at a time.
    let constrained: [JobDefinition]
    /// Kinds claimed together in one statement.
    let free: [String]
    /// The claim statement for the free kinds.
    let freeSQL: String
    private let singleKindSQL: String

    /// - Parameters:
    ///   - registry: The known kinds.
    ///   - kinds: Restricts the plan to these kinds; `nil` for all.
    public init(registry: JobRegistry, kinds: Set<String>? = nil) {
        let definitions = registry.definitions.values
            .filter { kinds?.contains($0.kind) ?? true }
            .sorted { $0.kind < $1.kind }
        constrained = definitions.filter { $0.concurrency != nil || $0.rateLimitKey != nil }
        free = definitions.filter { $0.concurrency == nil && $0.rateLimitKey == nil }.map(\.kind)
        freeSQL = Self.sql(kindCount: max(1, free.count))
        singleKindSQL = Self.sql(kindCount: 1)
    }

    func sql(forKindCount count: Int) -> String { count == 1 ? singleKindSQL : Self.sql(kindCount: count) }

    private static func sql(kindCount: Int) -> String {
        let placeholders = Array(repeating: "?", count: kindCount).joined(separator: ",")
        return """
            UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = ?, lease_token = random(),
                worker = ?, attempted_at = ?, updated_at = ?
            WHERE id IN (
                SELECT id FROM jobs
                WHERE state IN \(JobQueueSchema.waitingStates) AND run_at <= ? AND kind IN (\(placeholders))
                ORDER BY priority, run_at, id
                LIMIT ?)
            RETURNING id, kind, payload, attempt, max_attempts, lease_token, priority, run_at, rescue_count,
                idempotency_key
            """
    }
}
