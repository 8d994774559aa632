/// How the router treats one route: its throttling group, authentication, required permission and fault target.
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
    /// The app permission the spec names for the operation (`x-app-permission`); the token's scope must hold it.
    var permission: String?

    init(
        name: String, group: RateLimitGroup?, authentication: Authentication, target: SimulatorFault.Target, permission: String? = nil
    ) {
        self.name = name
        self.group = group
        self.authentication = authentication
        self.target = target
        self.permission = permission
    }
}
