/// How a request pays for its rate-limit token.
public enum RequestBudget: Sendable, Equatable {
    /// Wait for and spend a token of the group (the default).
    case acquire
    /// The token was spent when the job was claimed; only check that the group is not paused.
    case prepaid
}
