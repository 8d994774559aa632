import Essentials
import Logging
import Pipeline
import RingCentral
public import ServiceLifecycle
import Synchronization

/// Keeps the webhook subscription alive while `serve` runs: once the server listens (RingCentral's
/// handshake must reach it), then before each renewal is due, and an hour after a failure.
public struct SubscriptionService: Service {
    let keeper: SubscriptionKeeper
    let clock: any TimeSource
    let listening: Listening
    let logger: Logger

    /// Signalled by the server once it accepts connections.
    public final class Listening: Sendable {
        private let flag = Mutex(false)
        private let wakeup = Wakeup()

        /// A signal nobody sent yet.
        public init() {}

        /// Marks the server as listening.
        public func signal() {
            flag.withLock { $0 = true }
            wakeup.signal()
        }

        func wait() async {
            while !flag.withLock({ $0 }) && !Task.isCancelled {
                await wakeup.wait(timeoutMillis: 60_000)
            }
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await listening.wait()
            while !Task.isCancelled {
                let now = clock.nowMillis()
                var next = now + 3_600_000
                do {
                    let subscription = try await keeper.ensure(now: now)
                    if let expires = subscription.expirationTime.flatMap(Millis.parse).map(Millis.from) {
                        next = min(next, max(now + 60_000, expires - SubscriptionKeeper.renewWithinMillis))
                    }
                } catch {
                    logger.error("cannot keep the webhook subscription; trying again in an hour", metadata: ["error": "\(error)"])
                }
                try? await clock.sleep(untilMillis: next)
            }
        }
    }
}
