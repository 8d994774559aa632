import Essentials
public import Logging
public import RingCentral

/// Keeps callvault's webhook subscription alive for the operator: creates it (or reuses one that
/// already points at this server), persists its id, renews it before it expires, and recreates it
/// when RingCentral blacklisted it or it is gone (`SUB-507`).
///
/// Filters: the account's telephony sessions, and RingSense insights when the token's scope has
/// `RingSense`. Filters RingCentral accepted but disabled are reported.
public struct SubscriptionKeeper: Sendable {
    let client: RingCentralClient
    let store: any WebhookEventStore
    let address: String
    let verificationToken: String
    let logger: Logger

    /// The state key of the subscription id.
    public static let stateKey = "subscription-id"
    /// Renew when the subscription has less than this left.
    public static let renewWithinMillis: Int64 = 24 * 3_600_000

    /// A keeper for the webhook at `address`.
    public init(client: RingCentralClient, store: any WebhookEventStore, address: String, verificationToken: String, logger: Logger) {
        self.client = client
        self.store = store
        self.address = address
        self.verificationToken = verificationToken
        self.logger = logger
    }

    /// The filters to subscribe to, given the token's scopes.
    public static func filters(scopes: Set<String>) -> [String] {
        var filters = ["/restapi/v1.0/account/~/telephony/sessions"]
        if scopes.contains("RingSense") { filters.append("/ai/ringsense/v1/public/accounts/~/domains/pbx/insights") }
        return filters
    }

    /// The current subscription, or `nil` when none is recorded or it is gone.
    public func status() async throws -> SubscriptionInfo? {
        guard let id = try await store.state(Self.stateKey) else { return nil }
        do {
            return try await client.subscription(id)
        } catch let error as RingCentralError where error.code == .notFound {
            return nil
        }
    }

    /// Makes sure a healthy subscription exists; returns it.
    @discardableResult
    public func ensure(now: Int64) async throws -> SubscriptionInfo {
        if let current = try await status() {
            if current.status == "Blacklisted" || current.address != address {
                logger.warning(
                    "webhook subscription unusable; recreating",
                    metadata: ["subscription": "\(current.id)", "status": "\(current.status ?? "?")"])
                try? await client.deleteSubscription(current.id)
                return try await create()
            }
            let expires = current.expirationTime.flatMap(Millis.parse).map(Millis.from) ?? 0
            if expires - now < Self.renewWithinMillis {
                let renewed = try await client.renewSubscription(current.id)
                logger.info("webhook subscription renewed", metadata: ["subscription": "\(renewed.id)", "expires": "\(renewed.expirationTime ?? "?")"])
                report(renewed)
                return renewed
            }
            report(current)
            return current
        }
        if let existing = try await client.subscriptions().first(where: { $0.address == address && $0.status == "Active" }) {
            try await store.setState(Self.stateKey, to: existing.id)
            logger.info("reusing the webhook subscription that points here", metadata: ["subscription": "\(existing.id)"])
            return try await ensure(now: now)
        }
        return try await create()
    }

    /// Creates a subscription and records its id.
    @discardableResult
    public func create() async throws -> SubscriptionInfo {
        let scopes = try await client.grantedScopes()
        let created = try await client.createSubscription(
            SubscriptionRequest(eventFilters: Self.filters(scopes: scopes), address: address, verificationToken: verificationToken))
        try await store.setState(Self.stateKey, to: created.id)
        logger.notice("webhook subscription created", metadata: ["subscription": "\(created.id)", "address": "\(address)"])
        report(created)
        return created
    }

    /// Deletes the recorded subscription.
    /// - Returns: Its id, or `nil` when none was recorded.
    @discardableResult
    public func delete() async throws -> String? {
        guard let id = try await store.state(Self.stateKey) else { return nil }
        do {
            try await client.deleteSubscription(id)
        } catch let error as RingCentralError where error.code == .notFound {
            logger.info("the webhook subscription was already gone", metadata: ["subscription": "\(id)"])
        }
        try await store.setState(Self.stateKey, to: nil)
        return id
    }

    private func report(_ subscription: SubscriptionInfo) {
        for disabled in subscription.disabledFilters {
            logger.warning("RingCentral disabled a webhook filter", metadata: ["filter": "\(disabled)"])
        }
    }
}
