import Essentials
import Foundation
import Synchronization

/// OAuth sessions, access tokens and single-use refresh tokens, timed by the simulator's clock.
final class TokenStore: Sendable {
    /// Result of checking a bearer token.
    enum Validity: Sendable, Equatable {
        case valid
        case expired
        /// Known but invalidated (refreshed away or revoked): `OAU-213`.
        case revoked
        /// Never issued: `OAU-149`.
        case unknown
    }

    /// What a valid access token grants.
    struct Grant: Sendable, Equatable {
        /// The OAuth session the token belongs to.
        var sessionId: String
        /// The permissions the token was issued with.
        var scope: Set<String>
    }

    struct Issued: Sendable {
        var accessToken: String
        var refreshToken: String
        var sessionId: String
        var scope: String
    }

    private struct AccessToken {
        var sessionId: String
        var scope: String
        var expiresAt: Int64
        var revoked: Bool
    }

    private struct RefreshToken {
        var sessionId: String
        var scope: String
        var expiresAt: Int64
        var used: Bool
    }

    private struct State {
        var access: [String: AccessToken] = [:]
        var refresh: [String: RefreshToken] = [:]
        var counter = 0
    }

    private let clock: any TimeSource
    private let accessLifetimeMillis: Int64
    private let refreshLifetimeMillis: Int64
    private let state = Mutex(State())

    init(clock: any TimeSource, accessLifetime: TimeInterval, refreshLifetime: TimeInterval) {
        self.clock = clock
        self.accessLifetimeMillis = Int64(accessLifetime * 1000)
        self.refreshLifetimeMillis = Int64(refreshLifetime * 1000)
    }

    private static func token(_ prefix: String, _ counter: Int) -> String {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let tail = String((0..<32).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        return "\(prefix)\(counter)\(tail)"
    }

    /// Starts a new session (JWT grant) whose tokens carry `scope`.
    func issue(scope: String) -> Issued {
        let now = self.clock.nowMillis()
        return self.state.withLock { state in
            state.counter += 1
            let sessionId = String(7_000_000_000 + state.counter)
            return self.mint(&state, sessionId: sessionId, scope: scope, now: now)
        }
    }

    private func mint(_ state: inout State, sessionId: String, scope: String, now: Int64) -> Issued {
        state.counter += 1
        let access = Self.token("U0lNQVQ", state.counter)
        let refresh = Self.token("U0lNUlQ", state.counter)
        state.access[access] = AccessToken(sessionId: sessionId, scope: scope, expiresAt: now + self.accessLifetimeMillis, revoked: false)
        state.refresh[refresh] = RefreshToken(sessionId: sessionId, scope: scope, expiresAt: now + self.refreshLifetimeMillis, used: false)
        return Issued(accessToken: access, refreshToken: refresh, sessionId: sessionId, scope: scope)
    }

    /// Refresh grant: single use; invalidates the session's previous access tokens; keeps the session's scope.
    func refresh(_ token: String) -> Issued? {
        let now = self.clock.nowMillis()
        return self.state.withLock { state in
            guard var entry = state.refresh[token], !entry.used, entry.expiresAt > now else { return nil }
            entry.used = true
            state.refresh[token] = entry
            for (key, value) in state.access where value.sessionId == entry.sessionId {
                state.access[key]?.revoked = true
            }
            return self.mint(&state, sessionId: entry.sessionId, scope: entry.scope, now: now)
        }
    }

    /// Revokes the whole session the token (access or refresh) belongs to.
    func revoke(_ token: String) {
        self.state.withLock { state in
            guard let sessionId = state.access[token]?.sessionId ?? state.refresh[token]?.sessionId else { return }
            for (key, value) in state.access where value.sessionId == sessionId {
                state.access[key]?.revoked = true
            }
            for (key, value) in state.refresh where value.sessionId == sessionId {
                state.refresh[key]?.used = true
            }
        }
    }

    /// Checks an access token now; a valid one comes with its grant.
    func validate(_ token: String) -> (validity: Validity, grant: Grant?) {
        let now = self.clock.nowMillis()
        return self.state.withLock { state in
            guard let entry = state.access[token] else { return (.unknown, nil) }
            if entry.revoked { return (.revoked, nil) }
            if entry.expiresAt <= now { return (.expired, nil) }
            return (.valid, Grant(sessionId: entry.sessionId, scope: Set(entry.scope.split(separator: " ").map(String.init))))
        }
    }
}
