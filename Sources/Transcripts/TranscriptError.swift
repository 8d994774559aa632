/// An error about transcripts and search.
public struct TranscriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible error code; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// A transcript sidecar cannot be read or parsed.
        public static let invalidSidecar = Code("invalid-sidecar")
        /// A response from RingCentral has no usable transcript.
        public static let invalidResponse = Code("invalid-response")
        /// No such recording or transcript.
        public static let notFound = Code("not-found")
        /// A search request cannot be run (an empty query, a bad filter).
        public static let invalidQuery = Code("invalid-query")
        /// A setting cannot be used (an unknown redaction kind).
        public static let invalidArgument = Code("invalid-argument")

        public var description: String { value }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong, for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
