/// Counters the simulator keeps for tests and benchmarks (also served as JSON by `GET /_sim/stats`).
public struct SimulatorStats: Sendable, Hashable {
    /// Counters of one throttling group.
    public struct GroupStats: Sendable, Hashable {
        /// Requests counted against the group (accepted or not).
        public var requests: Int
        /// Requests answered 429: over the budget, inside a penalty, or by an injected rate-limit fault.
        public var throttled: Int
        /// Requests made while a penalty was running (each restarted it).
        public var penaltyViolations: Int
        /// Requests answered `200` with a `CMN-301` JSON body (an injected fault); they start a penalty too.
        public var rateLimitBodies: Int

        /// Creates counters.
        public init(requests: Int = 0, throttled: Int = 0, penaltyViolations: Int = 0, rateLimitBodies: Int = 0) {
            self.requests = requests
            self.throttled = throttled
            self.penaltyViolations = penaltyViolations
            self.rateLimitBodies = rateLimitBodies
        }
    }

    /// Counters per group.
    public var groups: [RateLimitGroup: GroupStats]
    /// Requests per route name (e.g. `recording.content`, `call-log`, `oauth.token`, `recording.content.platformHost`).
    public var routes: [String: Int]
    /// Injected faults that fired, per fault name.
    public var faultsFired: [String: Int]
    /// Audio bytes written by the content endpoint.
    public var contentBytesServed: Int
    /// Webhook posts attempted: subscription events and AI callbacks.
    public var webhookDeliveries: Int
    /// Webhook posts that failed (no 2xx).
    public var webhookDeliveryFailures: Int
    /// AI job callbacks posted (each job at most once).
    public var aiCallbacks: Int
    /// Subscription events posted, per event kind (`telephonySession`, `ringSenseInsights`).
    public var eventDeliveries: [String: Int]

    /// Creates a set of counters.
    public init(
        groups: [RateLimitGroup: GroupStats] = [:],
        routes: [String: Int] = [:],
        faultsFired: [String: Int] = [:],
        contentBytesServed: Int = 0,
        webhookDeliveries: Int = 0,
        webhookDeliveryFailures: Int = 0,
        aiCallbacks: Int = 0,
        eventDeliveries: [String: Int] = [:]
    ) {
        self.groups = groups
        self.routes = routes
        self.faultsFired = faultsFired
        self.contentBytesServed = contentBytesServed
        self.webhookDeliveries = webhookDeliveries
        self.webhookDeliveryFailures = webhookDeliveryFailures
        self.aiCallbacks = aiCallbacks
        self.eventDeliveries = eventDeliveries
    }

    /// Counters of one group (zero when unused).
    public subscript(group: RateLimitGroup) -> GroupStats {
        self.groups[group] ?? GroupStats()
    }

    var json: JSONValue {
        func counts(_ dictionary: [String: Int]) -> JSONValue {
            .object(dictionary.keys.sorted().map { (key: $0, value: .int(dictionary[$0]!)) })
        }
        return .object([
            (key: "groups", value: .object(RateLimitGroup.allCases.map { group in
                let stats = self[group]
                return (key: group.rawValue, value: [
                    "requests": .int(stats.requests), "throttled": .int(stats.throttled),
                    "penaltyViolations": .int(stats.penaltyViolations), "rateLimitBodies": .int(stats.rateLimitBodies),
                ])
            })),
            (key: "routes", value: counts(self.routes)),
            (key: "faultsFired", value: counts(self.faultsFired)),
            (key: "contentBytesServed", value: .int(self.contentBytesServed)),
            (key: "webhookDeliveries", value: .int(self.webhookDeliveries)),
            (key: "webhookDeliveryFailures", value: .int(self.webhookDeliveryFailures)),
            (key: "aiCallbacks", value: .int(self.aiCallbacks)),
            (key: "eventDeliveries", value: counts(self.eventDeliveries)),
        ])
    }
}
