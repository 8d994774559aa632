import Archive
import Essentials
import Foundation
import Hummingbird

/// Typed reading of query parameters, with 400s that name the parameter.
struct QueryParameters {
    let parameters: Parameters

    init(_ request: Request) {
        parameters = request.uri.queryParameters
    }

    func string(_ name: String) -> String? {
        parameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("\(name) must be true or false")
        }
    }

    /// An ISO 8601 time or date; for `endOfDay`, a plain date means the end of that day.
    func time(_ name: String, endOfDay: Bool = false) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let date = Millis.parse(text) else { throw APIError.badRequest("\(name) must be an ISO 8601 time or date") }
        return Millis.from(date) + (endOfDay && text.count == 10 ? 86_400_000 : 0)
    }

    /// A party's number or part of it, at most 64 characters.
    func phone() throws -> String? {
        guard let text = string("phone") else { return nil }
        guard text.count <= 64 else { throw APIError.badRequest("phone is longer than 64 characters") }
        return text
    }

    /// A recording id, as RingCentral writes them.
    func recordingId(_ name: String) throws -> String? {
        guard let text = string(name) else { return nil }
        guard ArchiveLayout.isValidRecordingId(text) else { throw APIError.badRequest("\(name) must be a recording id") }
        return text
    }

    func direction() throws -> String? {
        guard let text = string("direction") else { return nil }
        guard ["inbound", "outbound"].contains(text.lowercased()) else {
            throw APIError.badRequest("direction must be inbound or outbound")
        }
        return text
    }
}
