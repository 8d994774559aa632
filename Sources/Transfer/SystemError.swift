#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed POSIX call: the operation that failed and its `errno`.
///
/// Carried as the ``TransferError/cause`` of ``TransferError/Code/fileSystem`` errors.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failing call, e.g. `"open"` or `"write"`.
    public var operation: String
    /// The `errno` value the call left behind.
    public var errno: Int32

    /// Creates an error for `operation` with the given `errno`.
    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    /// `"<operation>: <strerror(errno)> (errno N)"`.
    public var description: String {
        "\(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
