import Foundation
import Synchronization

/// Webhook subscriptions.
final class SubscriptionStore: Sendable {
    struct Subscription: Sendable {
        var id: String
        var eventFilters: [String]
        var expiresIn: Int
        var creationTime: Date
        var expirationTime: Date
        var status: String
        var address: String
        var verificationToken: String?
        var consecutiveFailures: Int
        var blacklistedAt: Date?
        var blacklistReason: String?

        func json(platform: String, now: Date = Date()) -> JSONValue {
            var body: JSONValue = [
                "uri": .string("\(platform)/restapi/v1.0/subscription/\(self.id)"),
                "id": .string(self.id),
                "creationTime": .string(ISO8601.string(self.creationTime)),
                "status": .string(self.status),
                "eventFilters": .array(self.eventFilters.map { .string($0) }),
                "expirationTime": .string(ISO8601.string(self.expirationTime)),
                "expiresIn": .int(max(0, Int(self.expirationTime.timeIntervalSince(now)))),
                "deliveryMode": ["transportType": "WebHook", "encryption": false, "address": .string(self.address)],
            ]
            if let blacklistedAt {
                body = body.setting(
                    "blacklistedData",
                    to: ["blacklistedAt": .string(ISO8601.string(blacklistedAt)), "reason": .string(self.blacklistReason ?? "")]
                )
            }
            return body
        }
    }

    private let state = Mutex<[Subscription]>([])

    func add(_ subscription: Subscription) {
        self.state.withLock { $0.append(subscription) }
    }

    func all() -> [Subscription] {
        self.state.withLock { $0 }
    }

    func get(_ id: String) -> Subscription? {
        self.state.withLock { $0.first { $0.id == id } }
    }

    @discardableResult
    func update(_ id: String, _ change: (inout Subscription) -> Void) -> Subscription? {
        self.state.withLock { list in
            guard let index = list.firstIndex(where: { $0.id == id }) else { return nil }
            change(&list[index])
            return list[index]
        }
    }

    func remove(_ id: String) -> Bool {
        self.state.withLock { list in
            let before = list.count
            list.removeAll { $0.id == id }
            return list.count != before
        }
    }
}
