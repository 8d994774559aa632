/// Counters the simulator keeps for tests and benchmarks (also served as JSON by `GET /_sim/stats`).
public struct SimulatorStats: Sendable, Hashable {
    /// Counters of one throttling group.
    public struct GroupStats: Sendable, Hashable {
        /// Requests counted against the group (accepted or not).
        public var requests: Int
        /// Requests answered 429 because of the group's budget.
        public var throttled: Int
        /// Requests made while a penalty was running (each restarted it).
        public var penaltyViolations: Int

        public init(requests: Int = 0, throttled: Int = 0, penaltyViolations: Int = 0) {
            self.requests = requests
            self.throttled = throttled
            self.penaltyViolations = penaltyViolations
        }
    }

    /// Counters per group.
    public var groups: [RateLimitGroup: GroupStats]
    /// Requests per route name (e.g. `recording.content`, `call-log`, `oauth.token`).
    public var routes: [String: Int]
    /// Injected faults that fired, per fault name.
    public var faultsFired: [String: Int]
    /// Audio bytes written by the content endpoint.
    public var contentBytesServed: Int
    /// Webhook deliveries attempted / failed.
    public var webhookDeliveries: Int
    public var webhookDeliveryFailures: Int

    public init(
        groups: [RateLimitGroup: GroupStats] = [:],
        routes: [String: Int] = [:],
        faultsFired: [String: Int] = [:],
        contentBytesServed: Int = 0,
        webhookDeliveries: Int = 0,
        webhookDeliveryFailures: Int = 0
    ) {
        self.groups = groups
        self.routes = routes
        self.faultsFired = faultsFired
        self.contentBytesServed = contentBytesServed
        self.webhookDeliveries = webhookDeliveries
        self.webhookDeliveryFailures = webhookDeliveryFailures
    }

    /// Counters of one group (zero when unused).
    public subscript(group: RateLimitGroup) -> GroupStats {
        self.groups[group] ?? GroupStats()
    }

    var json: JSONValue {
        .object([
            (key: "groups", value: .object(RateLimitGroup.allCases.map { group in
                let stats = self[group]
                return (key: group.rawValue, value: ["requests": .int(stats.requests), "throttled": .int(stats.throttled), "penaltyViolations": .int(stats.penaltyViolations)])
            })),
            (key: "routes", value: .object(self.routes.keys.sorted().map { (key: $0, value: .int(self.routes[$0]!)) })),
            (key: "faultsFired", value: .object(self.faultsFired.keys.sorted().map { (key: $0, value: .int(self.faultsFired[$0]!)) })),
            (key: "contentBytesServed", value: .int(self.contentBytesServed)),
            (key: "webhookDeliveries", value: .int(self.webhookDeliveries)),
            (key: "webhookDeliveryFailures", value: .int(self.webhookDeliveryFailures)),
        ])
    }
}
