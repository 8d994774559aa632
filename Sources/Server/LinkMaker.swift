import Foundation
import Essentials

/// Makes the signed, expiring links the API hands to players.
struct LinkMaker: Sendable {
    let signer: URLSigner
    let publicURL: String?
    let clock: any TimeSource

    /// A signed link to a recording's stream valid for `ttlSeconds`, at least an hour or three
    /// times the recording's length by default; `#t=` jumps a player to `at` seconds.
    func stream(recordingId: String, durationSeconds: Int64? = nil, at seconds: Double? = nil) -> String {
        let ttl = max(3_600, 3 * (durationSeconds ?? 0))
        return signed(path: "/recordings/\(recordingId)/stream", ttlSeconds: ttl) + (seconds.map { "#t=\(Self.fragment($0))" } ?? "")
    }

    /// `path?exp=&kid=&sig=` for GET, absolute when the public URL is known.
    func signed(path: String, ttlSeconds: Int64) -> String {
        let expires = clock.nowMillis() / 1000 + ttlSeconds
        return (publicURL ?? "") + path + "?" + signer.query(method: "GET", path: path, expires: expires)
    }

    static func fragment(_ seconds: Double) -> String {
        String(format: "%.2f", max(0, seconds))
    }
}
