/// A setting that is missing or cannot be used; its message names the variable and says what
/// to set it to. Commands exit with status 2 for it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong and what to do; never contains a secret's value.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
