import App
import Pipeline

/// A subscription keeper for a test server at `address` (serve builds its own from the public URL).
enum SubscriptionKeeperFactory {
    static func make(_ h: ServerHarness, address: String) -> SubscriptionKeeper? {
        guard let client = h.app.client else { return nil }
        return SubscriptionKeeper(
            client: client, store: h.app.webhookEvents, address: address, verificationToken: ServerHarness.webhookToken,
            logger: h.app.logger("test"))
    }
}
