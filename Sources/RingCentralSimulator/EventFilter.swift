import Foundation

/// One subscription event filter, parsed: what it subscribes to, the permission it needs, and its query options.
///
/// Recognized filters (with `~` already expanded): account and extension telephony sessions, RingSense insights for a
/// domain, extension and account presence, the extension message store, and the subscription-expiry reminder. Others
/// are rejected with `SUB-508`.
struct EventFilter: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case telephonySessions(extensionId: String?)
        case ringSenseInsights(domain: String)
        case presence
        case messageStore
        case subscriptionReminder
    }

    /// The filter as stored on the subscription (expanded, with its query).
    var raw: String
    /// The filter without its query: the `event` of its notifications.
    var path: String
    var kind: Kind
    var query: [String: String]

    /// The app permission the filter needs; without it the filter lands in `disabledFilters`.
    var permission: String? {
        switch self.kind {
        case .telephonySessions: return "CallControl"
        case .ringSenseInsights: return "RingSense"
        case .presence: return self.path.contains("/extension/") ? "ReadPresence" : "ReadAccounts"
        case .messageStore: return "ReadMessages"
        case .subscriptionReminder: return nil
        }
    }

    static let ringSenseDomains: Set<String> = ["pbx", "rcv", "rcx", "nice-incontact", "ms-teams"]

    /// Parses an expanded filter; `nil` when it is not one the simulator knows or names another account.
    static func parse(_ raw: String, accountId: String) -> EventFilter? {
        let parts = raw.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        var query: [String: String] = [:]
        if parts.count > 1 {
            query = FormBody.parse(String(parts[1]))
        }
        let segments = path.split(separator: "/").map(String.init)
        let kind: Kind
        switch segments.count {
        case 5 where segments[0] == "restapi" && segments[2] == "account" && segments[3] == accountId && segments[4] == "presence":
            kind = .presence
        case 6 where segments[0] == "restapi" && segments[2] == "account" && segments[3] == accountId
            && segments[4] == "telephony" && segments[5] == "sessions":
            kind = .telephonySessions(extensionId: nil)
        case 7 where segments[0] == "restapi" && segments[2] == "account" && segments[3] == accountId && segments[4] == "extension":
            switch segments[6] {
            case "presence": kind = .presence
            case "message-store": kind = .messageStore
            default: return nil
            }
        case 8 where segments[0] == "restapi" && segments[2] == "account" && segments[3] == accountId && segments[4] == "extension"
            && segments[6] == "telephony" && segments[7] == "sessions":
            kind = .telephonySessions(extensionId: segments[5])
        case 9 where segments[0] == "ai" && segments[1] == "ringsense" && segments[3] == "public" && segments[4] == "accounts"
            && segments[5] == accountId && segments[6] == "domains" && Self.ringSenseDomains.contains(segments[7]) && segments[8] == "insights":
            kind = .ringSenseInsights(domain: segments[7])
        case 4 where segments[0] == "restapi" && segments[2] == "subscription":
            kind = .subscriptionReminder
        default:
            return nil
        }
        return EventFilter(raw: raw, path: path, kind: kind, query: query)
    }

    /// What a telephony-session notification is about, for matching the filter's options.
    struct TelephonyFacts: Sendable {
        var extensionId: String?
        var direction: String
        var missedCall: Bool
        var statusCode: String
        var hasRecordings: Bool
        var phoneNumbers: [String]
    }

    /// Whether a telephony-session notification passes this filter (kind and the documented query options
    /// `direction`, `missedCall`, `phoneNumber`, `statusCode`, `withRecordings`; `sipData` only adds detail).
    func matches(_ facts: TelephonyFacts) -> Bool {
        guard case .telephonySessions(let extensionId) = self.kind else { return false }
        if let extensionId, extensionId != facts.extensionId { return false }
        if let direction = self.query["direction"], direction != facts.direction { return false }
        if let missed = self.query["missedCall"].flatMap({ Bool($0.lowercased()) }), missed != facts.missedCall { return false }
        if let status = self.query["statusCode"], status != facts.statusCode { return false }
        if self.query["withRecordings"].flatMap({ Bool($0.lowercased()) }) == true, !facts.hasRecordings { return false }
        if let phone = self.query["phoneNumber"] {
            let wanted = phone.filter(\.isNumber)
            guard facts.phoneNumbers.contains(where: { $0.filter(\.isNumber) == wanted }) else { return false }
        }
        return true
    }

    /// Whether a RingSense insights notification for `domain` passes this filter.
    func matchesInsights(domain: String) -> Bool {
        guard case .ringSenseInsights(let own) = self.kind else { return false }
        return own == domain
    }
}
