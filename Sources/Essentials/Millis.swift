public import Foundation

/// Milliseconds since 1970, the unit of every timestamp column, and conversions to and from it.
///
/// "Now" comes from a ``TimeSource``, never from here, so tests can move time.
public enum Millis {
    /// The wall clock, for ``SystemTimeSource`` only.
    @inline(__always)
    static func wallClock() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Now, from the wall clock. Being replaced by ``TimeSource`` everywhere.
    public static func now() -> Int64 { wallClock() }

    /// Converts a `Date`.
    public static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Converts back to a `Date`.
    public static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// Parses ISO 8601 with or without fractional seconds, or a plain date (UTC midnight).
    public static func parse(_ text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// ISO 8601 with milliseconds, UTC.
    public static func iso8601(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date(millis))
    }
}
