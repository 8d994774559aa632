/// How the router treats one route: its throttling group, authentication and fault target.
struct RouteSpec: Sendable {
    /// How a route authenticates.
    enum Authentication: Sendable {
        /// No bearer needed (OAuth endpoints, simulator control).
        case none
        /// `Authorization: Bearer …` only.
        case bearer
        /// `Authorization: Bearer …` or `?access_token=` (media).
        case bearerOrQuery
    }

    /// Name used in ``SimulatorStats/routes``.
    var name: String
    /// Throttling group; `nil` for unthrottled simulator endpoints.
    var group: RateLimitGroup?
    var authentication: Authentication
    var target: SimulatorFault.Target
}
