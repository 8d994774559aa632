/// A store's group-commit transaction broke its contract: it returned a different number of
/// outputs than it was given items. A programming error in the store; the batch's callers get it
/// instead of answers that might belong to someone else.
public struct GroupCommitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Always `"output-count"`, for programs.
    public let code = "output-count"
    /// What went wrong, for people.
    public let message: String

    init(expected: Int, returned: Int) {
        message = "a group-commit transaction returned \(returned) outputs for \(expected) items"
    }

    public var description: String { message }
}
