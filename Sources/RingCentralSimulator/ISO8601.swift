import Foundation

/// RingCentral's timestamp format: ISO 8601, UTC, milliseconds, `Z`.
enum ISO8601 {
    static func string(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let ms = Int(millis - seconds * 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), ms
        )
    }

    /// Parses `2024-01-02T03:04:05.678Z`, `…05Z`, `…05+01:00` or a bare date `2024-01-02` (UTC midnight).
    static func parse(_ text: String) -> Date? {
        let text = text.replacingOccurrences(of: " ", with: "+")
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        if let date = try? Date.ISO8601FormatStyle().parse(text) {
            return date
        }
        if text.count == 10, let date = try? Date.ISO8601FormatStyle().year().month().day().parse(text) {
            return date
        }
        return nil
    }
}
