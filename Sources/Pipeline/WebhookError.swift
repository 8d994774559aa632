/// A delivery the webhook cannot take.
public struct WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible error code; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// Not JSON, or not the shape of a notification.
        public static let malformed = Code("malformed")
        /// A notification of a kind callvault does not subscribe to.
        public static let unsupported = Code("unsupported")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong, for the sender.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
