/// One reason a file was not accepted as a clean recording.
public struct ValidationIssue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The kind of problem. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, Codable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// libavformat could not open the file or find an audio stream in it.
        public static let probeFailed = Code("probeFailed")
        /// Decoding produced no samples.
        public static let nothingDecoded = Code("nothingDecoded")
        /// Decoded audio is shorter than the header's duration by more than one frame.
        public static let truncated = Code("truncated")
        /// Decoded audio is longer than the header's duration by more than one frame.
        public static let headerDurationMismatch = Code("headerDurationMismatch")
        /// The decoder rejected packets.
        public static let decodeErrors = Code("decodeErrors")
        /// Reading the container stopped on an error before end of file.
        public static let readError = Code("readError")
        /// Decoded duration differs from the expected (RingCentral `duration`) by more than 1 s and 2 %.
        public static let expectedDurationMismatch = Code("expectedDurationMismatch")
        /// The file size differs from the expected byte count (`Content-Length`).
        public static let byteCountMismatch = Code("byteCountMismatch")

        public var description: String { value }
    }

    /// The kind of problem.
    public var code: Code
    /// What was found, with the numbers.
    public var message: String

    /// Creates an issue.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
