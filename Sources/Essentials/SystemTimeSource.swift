#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock (`CLOCK_REALTIME`), sleeping with `Task.sleep`.
public struct SystemTimeSource: TimeSource {
    /// Creates the wall clock.
    public init() {}

    /// Now, from `clock_gettime(CLOCK_REALTIME)`.
    @inline(__always)
    public func nowMillis() -> Int64 { Millis.wallClock() }

    public func sleep(untilMillis deadline: Int64) async throws {
        // Sleep in slices of at most a minute, re-reading the clock, so a wall-clock step
        // (NTP) never makes a sleep much longer than asked.
        while true {
            let left = deadline - Millis.wallClock()
            if left <= 0 { return }
            try await Task.sleep(for: .milliseconds(min(left, 60_000)))
        }
    }
}

extension TimeSource where Self == SystemTimeSource {
    /// The wall clock.
    public static var system: SystemTimeSource { SystemTimeSource() }
}
