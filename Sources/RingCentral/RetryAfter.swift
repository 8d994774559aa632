import Essentials
import Foundation
import Transfer

/// `Retry-After` in milliseconds: seconds or an HTTP date; 60 s when absent (RingCentral's SDK
/// default; the docs say at least 30 s).
enum RetryAfter {
    static let defaultMillis: Int64 = 60_000

    static func millis(_ headers: HTTPHeaders, now: Int64) -> Int64 {
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return defaultMillis
        }
        if let seconds = Double(value) { return max(1_000, Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(1_000, Millis.from(date) - now) }
        return defaultMillis
    }
}
