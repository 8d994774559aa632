/// What the router hands a route handler once throttling, authentication and the permission check passed.
struct RouteContext: Sendable {
    /// The body-shaping fault (truncation, reset, slow body) that fired for this request, if any.
    var fault: SimulatorFault.Kind?
    /// The caller's token grant (`nil` on unauthenticated routes).
    var grant: TokenStore.Grant?
}
