/// A misbehaviour the simulator injects into upcoming requests.
///
/// Faults are queued with ``RingCentralSimulator/inject(_:)`` and fire on the next matching requests: those to
/// ``target`` (or any route for ``Target/any``), for ``recordingId`` when set, at most ``count`` times.
///
/// ```swift
/// simulator.inject(SimulatorFault(.serverError(503), target: .content, count: 3))
/// simulator.inject(SimulatorFault(.truncatedBody(fraction: 0.5), target: .content, recordingId: "1001"))
/// simulator.inject(SimulatorFault(.rateLimited, target: .callLog))   // 429 and a Heavy penalty
/// ```
///
/// The rate-limit faults (``Kind/rateLimited``, ``Kind/rateLimitWithoutRetryAfter``, ``Kind/okWithRateLimitBody``)
/// behave like a budget that ran out: when throttling is enabled they start the route group's penalty, and every
/// request to that group before the penalty ends gets a 429 and restarts it.
public struct SimulatorFault: Sendable {
    /// What goes wrong.
    public enum Kind: Sendable {
        /// Answer with this 5xx status and a RingCentral error envelope (no `Retry-After`).
        case serverError(Int)
        /// 503 `CMN-211` with `Retry-After` in seconds.
        case serviceUnavailable(retryAfter: Int)
        /// 429 `CMN-301` with `Retry-After` (the group's penalty) and the `X-Rate-Limit-*` headers; starts the penalty.
        case rateLimited
        /// 429 `CMN-301` without `Retry-After` (the `X-Rate-Limit-*` headers are still sent); starts the penalty.
        case rateLimitWithoutRetryAfter
        /// 200 with `Content-Type: application/json` and the `CMN-301` body (seen on media downloads); starts the
        /// penalty.
        case okWithRateLimitBody
        /// 200 with an HTML error page labelled `Content-Type: audio/mpeg`.
        case htmlErrorPageAsAudio
        /// Declare the full `Content-Length`, send this fraction of the body, then close the connection.
        case truncatedBody(fraction: Double)
        /// Send this many bytes, then drop the connection abruptly.
        case connectionReset(afterBytes: Int)
        /// Send the body at this many bytes per second.
        case slowBody(bytesPerSecond: Int)
        /// Treat the request's bearer token as expired (`OAU-128`), whatever its real state.
        case expiredToken
        /// 404 `CMN-102` as if the resource were gone.
        case notFound

        var name: String {
            switch self {
            case .serverError(let status): return "serverError\(status)"
            case .serviceUnavailable: return "serviceUnavailable"
            case .rateLimited: return "rateLimited"
            case .rateLimitWithoutRetryAfter: return "rateLimitWithoutRetryAfter"
            case .okWithRateLimitBody: return "okWithRateLimitBody"
            case .htmlErrorPageAsAudio: return "htmlErrorPageAsAudio"
            case .truncatedBody: return "truncatedBody"
            case .connectionReset: return "connectionReset"
            case .slowBody: return "slowBody"
            case .expiredToken: return "expiredToken"
            case .notFound: return "notFound"
            }
        }

        var isAuthFault: Bool {
            if case .expiredToken = self { return true }
            return false
        }
    }

    /// Which routes a fault applies to.
    public enum Target: String, Sendable, Hashable {
        /// Every throttled route.
        case any
        /// `POST /restapi/oauth/token` and `/revoke`.
        case token
        /// The call log (list and record).
        case callLog
        /// Recording metadata.
        case recordingMetadata
        /// Recording content on the media host.
        case content
        /// Subscriptions.
        case subscription
        /// The async AI API and job status.
        case ai
        /// RingSense insights.
        case ringSense
    }

    /// What goes wrong.
    public var kind: Kind
    /// Where.
    public var target: Target
    /// Only for this recording id (content and metadata routes, RingSense); `nil` = any.
    public var recordingId: String?
    /// How many requests it hits.
    public var count: Int

    /// Creates a fault.
    ///
    /// - Parameters:
    ///   - kind: What goes wrong.
    ///   - target: Which routes; `.any` by default.
    ///   - recordingId: Restrict to one recording.
    ///   - count: Number of requests to hit (`Int.max` for "until cleared").
    public init(_ kind: Kind, target: Target = .any, recordingId: String? = nil, count: Int = 1) {
        self.kind = kind
        self.target = target
        self.recordingId = recordingId
        self.count = count
    }
}
