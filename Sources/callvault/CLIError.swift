/// An error that ends a command with a message and an exit status.
struct CLIError: Error, CustomStringConvertible {
    /// Machine-readable reason.
    struct Code: Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        static let configuration = Code("configuration")
        static let usage = Code("usage")
        static let failure = Code("failure")
        var description: String { value }
    }

    var code: Code
    var message: String

    /// 2 for usage and configuration problems, 1 for failures.
    var exitStatus: Int32 { code == .failure ? 1 : 2 }

    static func configuration(_ message: String) -> CLIError { CLIError(code: .configuration, message: message) }
    static func usage(_ message: String) -> CLIError { CLIError(code: .usage, message: message) }
    static func failure(_ message: String) -> CLIError { CLIError(code: .failure, message: message) }

    var description: String { message }
}
