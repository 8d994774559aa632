import Foundation
import Synchronization

/// Webhook subscriptions. Expired ones stay stored but are invisible: reading, renewing or deleting them answers
/// `SUB-507`, like deleted and unknown ids.
final class SubscriptionStore: Sendable {
    /// A filter the subscription asked for but cannot use (`DisabledFilterInfo`).
    struct DisabledFilter: Sendable {
        var filter: String
        var reason: String
        var message: String
    }

    struct Subscription: Sendable {
        var id: String
        /// Enabled filters.
        var filters: [EventFilter]
        var disabledFilters: [DisabledFilter]
        var expiresIn: Int
        var creationTime: Date
        var expirationTime: Date
        var status: String
        var address: String
        var verificationToken: String?
        var consecutiveFailures: Int
        var blacklistedAt: Date?
        var blacklistReason: String?

        func isExpired(now: Date) -> Bool {
            self.expirationTime <= now
        }

        /// `SubscriptionInfo`.
        func json(platform: String, now: Date) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = [
                (key: "uri", value: .string("\(platform)/restapi/v1.0/subscription/\(self.id)")),
                (key: "id", value: .string(self.id)),
                (key: "creationTime", value: .string(ISO8601.string(self.creationTime))),
                (key: "status", value: .string(self.status)),
                (key: "eventFilters", value: .array(self.filters.map { .string($0.raw) })),
            ]
            if !self.disabledFilters.isEmpty {
                members.append((key: "disabledFilters", value: .array(self.disabledFilters.map {
                    ["filter": .string($0.filter), "reason": .string($0.reason), "message": .string($0.message)]
                })))
            }
            members.append((key: "expirationTime", value: .string(ISO8601.string(self.expirationTime))))
            members.append((key: "expiresIn", value: .int(max(0, Int(self.expirationTime.timeIntervalSince(now))))))
            members.append((key: "deliveryMode", value: ["transportType": "WebHook", "encryption": false, "address": .string(self.address)]))
            if let blacklistedAt {
                members.append((key: "blacklistedData", value: [
                    "blacklistedAt": .string(ISO8601.string(blacklistedAt)), "reason": .string(self.blacklistReason ?? ""),
                ]))
            }
            return .object(members)
        }
    }

    private struct State {
        var live: [Subscription] = []
    }

    private let state = Mutex(State())

    func add(_ subscription: Subscription) {
        self.state.withLock { $0.live.append(subscription) }
    }

    /// Subscriptions that have not expired.
    func active(now: Date) -> [Subscription] {
        self.state.withLock { $0.live.filter { !$0.isExpired(now: now) } }
    }

    /// A subscription that exists and has not expired.
    func get(_ id: String, now: Date) -> Subscription? {
        self.state.withLock { $0.live.first { $0.id == id && !$0.isExpired(now: now) } }
    }

    /// Changes a subscription that exists and has not expired.
    @discardableResult
    func update(_ id: String, now: Date, _ change: (inout Subscription) -> Void) -> Subscription? {
        self.state.withLock { state in
            guard let index = state.live.firstIndex(where: { $0.id == id && !$0.isExpired(now: now) }) else { return nil }
            change(&state.live[index])
            return state.live[index]
        }
    }

    /// Deletes a subscription that exists and has not expired.
    func remove(_ id: String, now: Date) -> Bool {
        self.state.withLock { state in
            guard let index = state.live.firstIndex(where: { $0.id == id && !$0.isExpired(now: now) }) else { return false }
            state.live.remove(at: index)
            return true
        }
    }
}
