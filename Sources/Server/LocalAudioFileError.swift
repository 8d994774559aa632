#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A local audio file that cannot be served: missing, unreadable, or shorter than the catalog says.
/// It names no path: it may reach a log line.
struct LocalAudioFileError: Error, Sendable, CustomStringConvertible {
    /// The system error, when a call failed.
    var errno: Int32?
    /// Whether the file ended before the bytes it was expected to hold.
    var shrunk: Bool

    init(errno: Int32) {
        self.errno = errno
        shrunk = false
    }

    init(shrunk: Bool) {
        errno = nil
        self.shrunk = shrunk
    }

    /// Whether the file does not exist.
    var isMissing: Bool { errno == ENOENT || errno == ENOTDIR }

    var description: String {
        if shrunk { return "the file ended before the expected bytes" }
        guard let errno else { return "the file cannot be read" }
        return "the file cannot be read: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
