/// An error from retention, legal holds, erasure, the audit chain or exports.
///
/// Match on ``code``:
/// ```swift
/// catch let error as ComplianceError where error.code == .held { … }
/// ```
public struct ComplianceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An extensible error code; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// An argument cannot be used: a phone number that is not one, a negative age, an id with
        /// path characters.
        public static let invalidArgument = Code("invalid-argument")
        /// No recording (or hold) has that id.
        public static let notFound = Code("not-found")
        /// The recording is under a legal hold; the message names the hold and its reason.
        public static let held = Code("held")
        /// The recording is being deleted by a retention or erasure run.
        public static let beingDeleted = Code("being-deleted")
        /// The audit chain is broken; the message names the first broken entry.
        public static let auditBroken = Code("audit-broken")
        /// An export could not be written.
        public static let exportFailed = Code("export-failed")
        /// What is being added does not fit what is stored (an audit chain that diverged).
        public static let conflict = Code("conflict")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong, for people; never contains secrets or phone numbers of erased parties.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
