import Foundation
import Hummingbird

/// Parses `application/x-www-form-urlencoded` request bodies.
enum FormBody {
    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            result[key] = value
        }
        return result
    }

    private static func decode(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    /// Collects a request body as a string (at most 1 MiB).
    static func collectString(_ request: Request) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        return String(buffer: buffer)
    }
}
