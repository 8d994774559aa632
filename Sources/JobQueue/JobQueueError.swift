/// An error from a queue operation (enqueueing, inspecting, operator actions), as opposed to a
/// job's own failure.
///
/// Match on ``code``:
/// ```swift
/// catch let error as JobQueueError where error.code == .unknownKind { … }
/// ```
public struct JobQueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The job kind is not registered with this process.
        public static let unknownKind = Code("unknown-kind")
        /// A payload is not a JSON object or does not fit its kind.
        public static let invalidPayload = Code("invalid-payload")
        /// A request argument is out of range.
        public static let invalidArgument = Code("invalid-argument")
        /// No job has that id.
        public static let notFound = Code("not-found")
        /// The job is in a state that does not allow the operation.
        public static let invalidState = Code("invalid-state")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong, for people; never contains secrets.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
