/// Which kinds a claim considers, grouped the way a claim transaction needs them; built once
/// per processor so the hot path allocates and sorts nothing.
public struct ClaimPlan: Sendable {
    /// A kind with a concurrency limit or a rate-limit key, claimed on its own.
    public struct Constrained: Sendable, Equatable {
        /// The kind.
        public var kind: String
        /// At most this many run at once across every process; `nil` for no limit.
        public var concurrency: Int?
        /// The rate-limit key one claim spends; `nil` for none.
        public var rateLimitKey: String?
    }

    /// Kinds with a concurrency limit or a rate-limit key, claimed one kind at a time, first.
    public let constrained: [Constrained]
    /// Kinds claimed together in one statement with what is left.
    public let free: [String]

    /// - Parameters:
    ///   - registry: The known kinds.
    ///   - kinds: Restricts the plan to these kinds; `nil` for all.
    public init(registry: JobRegistry, kinds: Set<String>? = nil) {
        let definitions = registry.definitions.values
            .filter { kinds?.contains($0.kind) ?? true }
            .sorted { $0.kind < $1.kind }
        constrained = definitions.filter { $0.concurrency != nil || $0.rateLimitKey != nil }
            .map { Constrained(kind: $0.kind, concurrency: $0.concurrency, rateLimitKey: $0.rateLimitKey) }
        free = definitions.filter { $0.concurrency == nil && $0.rateLimitKey == nil }.map(\.kind)
    }

    /// Whether the plan claims nothing.
    public var isEmpty: Bool { constrained.isEmpty && free.isEmpty }
}
