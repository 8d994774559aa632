import Foundation
import Synchronization

/// OAuth sessions, access tokens and single-use refresh tokens.
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

    struct Issued: Sendable {
        var accessToken: String
        var refreshToken: String
        var sessionId: String
    }

    private struct AccessToken {
        var sessionId: String
        var expiresAt: Date
        var revoked: Bool
    }

    private struct RefreshToken {
        var sessionId: String
        var expiresAt: Date
        var used: Bool
    }

    private struct State {
        var access: [String: AccessToken] = [:]
        var refresh: [String: RefreshToken] = [:]
        var counter = 0
    }

    private let accessLifetime: TimeInterval
    private let refreshLifetime: TimeInterval
    private let state = Mutex(State())

    init(accessLifetime: TimeInterval, refreshLifetime: TimeInterval) {
        self.accessLifetime = accessLifetime
        self.refreshLifetime = refreshLifetime
    }

    private static func token(_ prefix: String, _ counter: Int) -> String {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let tail = String((0..<32).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        return "\(prefix)\(counter)\(tail)"
    }

    /// Starts a new session (JWT grant).
    func issue(now: Date = Date()) -> Issued {
        self.state.withLock { state in
            state.counter += 1
            let sessionId = String(7_000_000_000 + state.counter)
            return Self.mint(&state, sessionId: sessionId, now: now, accessLifetime: self.accessLifetime, refreshLifetime: self.refreshLifetime)
        }
    }

    private static func mint(_ state: inout State, sessionId: String, now: Date, accessLifetime: TimeInterval, refreshLifetime: TimeInterval) -> Issued {
        state.counter += 1
        let access = Self.token("U0lNQVQ", state.counter)
        let refresh = Self.token("U0lNUlQ", state.counter)
        state.access[access] = AccessToken(sessionId: sessionId, expiresAt: now.addingTimeInterval(accessLifetime), revoked: false)
        state.refresh[refresh] = RefreshToken(sessionId: sessionId, expiresAt: now.addingTimeInterval(refreshLifetime), used: false)
        return Issued(accessToken: access, refreshToken: refresh, sessionId: sessionId)
    }

    /// Refresh grant: single use; invalidates the session's previous access tokens.
    func refresh(_ token: String, now: Date = Date()) -> Issued? {
        self.state.withLock { state in
            guard var entry = state.refresh[token], !entry.used, entry.expiresAt > now else { return nil }
            entry.used = true
            state.refresh[token] = entry
            for (key, value) in state.access where value.sessionId == entry.sessionId {
                state.access[key]?.revoked = true
            }
            return Self.mint(&state, sessionId: entry.sessionId, now: now, accessLifetime: self.accessLifetime, refreshLifetime: self.refreshLifetime)
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

    func validate(_ token: String, now: Date = Date()) -> Validity {
        self.state.withLock { state in
            guard let entry = state.access[token] else { return .unknown }
            if entry.revoked { return .revoked }
            if entry.expiresAt <= now { return .expired }
            return .valid
        }
    }
}
