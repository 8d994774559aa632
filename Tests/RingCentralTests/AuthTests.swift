import Essentials
import Foundation
import JobQueue
import RingCentral
import RingCentralSimulator
import Testing

@Suite("RingCentral auth")
struct AuthTests {
    @Test func theJWTGrantIsPersistedEncryptedAndReusedAfterARestart() async throws {
        try await withClientHarness { h in
            try await h.unlimitOurBudgets()
            _ = try await h.client().subscriptions()
            #expect(h.groupStats("auth").requests == 1)
            let bytes = try #require(try await h.sealedToken())
            #expect(!String(decoding: bytes, as: UTF8.self).contains("sim-"))
            // A new client (a restarted process) reuses the stored token: no second grant.
            _ = try await h.client().subscriptions()
            #expect(h.groupStats("auth").requests == 1)
        }
    }

    @Test func tokensAreRenewedBeforeTheyExpireWithTheRefreshGrant() async throws {
        try await withClientHarness(SimulatorConfiguration(accessTokenLifetime: 3600, rateLimitingEnabled: false)) { h in
            try await h.unlimitOurBudgets()
            let client = h.client(renewalMarginSeconds: 60)
            _ = try await client.subscriptions()
            // Still well within its hour: the token is reused.
            h.clock.advance(byMillis: 3_000_000)
            _ = try await client.subscriptions()
            #expect(h.simulator.stats().routes["oauth.token.grant.jwt"] == 1)
            #expect(h.simulator.stats().routes["oauth.token.grant.refresh"] == nil)
            // Inside the renewal margin: renewed with the refresh token, not a new JWT grant.
            h.clock.advance(byMillis: 560_000)
            _ = try await client.subscriptions()
            #expect(h.groupStats("auth").requests == 2)
            #expect(h.simulator.stats().routes["oauth.token.grant.jwt"] == 1)
            #expect(h.simulator.stats().routes["oauth.token.grant.refresh"] == 1)
        }
    }

    @Test func anExpiredTokenIsReplacedOnceAndTheRequestRetried() async throws {
        try await withClientHarness { h in
            try await h.unlimitOurBudgets()
            let client = h.client()
            _ = try await client.subscriptions()
            h.simulator.inject(SimulatorFault(.expiredToken))
            _ = try await client.subscriptions()
            #expect(h.groupStats("auth").requests == 2)
        }
    }

    @Test func refusedCredentialsFailClearlyWithoutALoop() async throws {
        try await withClientHarness { h in
            try await h.unlimitOurBudgets()
            let error = await #expect(throws: RingCentralError.self) {
                _ = try await h.client(jwt: "not-the-right-jwt").subscriptions()
            }
            #expect(error?.code == .authentication)
            #expect(error?.message.contains("RINGCENTRAL_JWT") == true)
            #expect(h.groupStats("auth").requests <= 2)
        }
    }

    @Test func secretsNeverReachLogsOrErrors() async throws {
        try await withClientHarness { h in
            try await h.unlimitOurBudgets()
            let client = h.client()
            _ = try await client.subscriptions()
            h.simulator.inject(SimulatorFault(.expiredToken))
            _ = try await client.subscriptions()
            let failing = await #expect(throws: RingCentralError.self) {
                _ = try await h.client(jwt: "another-bad-jwt-value").subscriptions()
            }
            #expect(try await h.sealedToken() != nil)
            let text = h.logs.text + "\n" + String(describing: failing)
            for secret in [h.configuration.clientSecret, h.configuration.jwt, "another-bad-jwt-value"] {
                #expect(!text.contains(secret), "a secret leaked into the logs or errors")
            }
            #expect(!text.contains("Bearer sim"))
            #expect(!h.logs.text.isEmpty)
        }
    }
}
