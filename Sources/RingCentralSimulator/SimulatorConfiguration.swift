public import Foundation

/// Everything that shapes a ``RingCentralSimulator``. Every member has a default.
///
/// ```swift
/// var configuration = SimulatorConfiguration()
/// configuration.rateLimits[.heavy] = RateLimitBudget(limit: 10, window: 2)
/// configuration.calls = [SimulatedCall.recorded(id: "c1", recordingId: "1001", durationSeconds: 40)]
/// let simulator = RingCentralSimulator(configuration: configuration)
/// ```
public struct SimulatorConfiguration: Sendable {
    /// Interface to bind; keep it on loopback.
    public var host: String
    /// Port to bind; 0 picks a free port (read it from ``RingCentralSimulator/endpoints()``).
    public var port: Int
    /// Base URL used in platform URIs (`uri`, navigation). `{port}` is replaced by the bound port.
    public var platformBaseURL: String
    /// Base URL used for `contentUri` (the media host). `{port}` is replaced by the bound port. It deliberately
    /// differs from ``platformBaseURL`` so clients that rebuild media URLs from the platform URL are caught.
    public var mediaBaseURL: String

    /// Account id (what `~` means for `accountId`).
    public var accountId: String
    /// Extension id of the token owner (what `~` means for `extensionId`; `owner_id`).
    public var extensionId: String

    /// Accepted client id (Basic auth user).
    public var clientId: String
    /// Accepted client secret (Basic auth password).
    public var clientSecret: String
    /// JWT credentials accepted by the JWT bearer grant.
    public var acceptedJWTs: [String]
    /// Access-token lifetime in seconds (`expires_in`).
    public var accessTokenLifetime: TimeInterval
    /// Refresh-token lifetime in seconds (`refresh_token_expires_in`).
    public var refreshTokenLifetime: TimeInterval
    /// `scope` returned with tokens.
    public var scope: String

    /// Whether throttling is enforced (headers are sent either way).
    public var rateLimitingEnabled: Bool
    /// Budgets per group; missing groups use ``RateLimitBudget/defaults``.
    public var rateLimits: [RateLimitGroup: RateLimitBudget]

    /// An explicit call set; `nil` generates one with ``generator``.
    public var calls: [SimulatedCall]?
    /// Options for the generated call set.
    public var generator: CallLogGenerator.Options

    /// Renderer for MP3 recordings; without one, MP3 recordings are served as PCM WAV (`audio/wav`).
    public var mp3Renderer: (any RecordingAudioRenderer)?

    /// How long a subscriber has to answer the Validation-Token request.
    public var webhookValidationTimeout: TimeInterval
    /// Timeout of one event delivery.
    public var webhookDeliveryTimeout: TimeInterval
    /// Consecutive failed deliveries after which a subscription becomes `Blacklisted`.
    public var webhookBlacklistAfterFailures: Int
    /// Default `expiresIn` of a subscription.
    public var defaultSubscriptionExpiresIn: Int

    /// Seconds an AI async job stays `InProgress`.
    public var aiJobDelay: TimeInterval
    /// Number of RingSense GETs per recording that answer 404 before the insights are "ready".
    public var ringSenseNotReadyPolls: Int

    /// Creates a configuration; every member is defaulted.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        platformBaseURL: String = "http://127.0.0.1:{port}",
        mediaBaseURL: String = "http://localhost:{port}",
        accountId: String = "400643090008",
        extensionId: String = "400643091008",
        clientId: String = "sim-client-id",
        clientSecret: String = "sim-client-secret",
        acceptedJWTs: [String] = ["sim-jwt-credential"],
        accessTokenLifetime: TimeInterval = 3600,
        refreshTokenLifetime: TimeInterval = 604_800,
        scope: String = "AI CallControl ReadAccounts ReadCallLog ReadCallRecording RingSense SubscriptionWebhook",
        rateLimitingEnabled: Bool = true,
        rateLimits: [RateLimitGroup: RateLimitBudget] = RateLimitBudget.defaults,
        calls: [SimulatedCall]? = nil,
        generator: CallLogGenerator.Options = CallLogGenerator.Options(),
        mp3Renderer: (any RecordingAudioRenderer)? = nil,
        webhookValidationTimeout: TimeInterval = 3,
        webhookDeliveryTimeout: TimeInterval = 5,
        webhookBlacklistAfterFailures: Int = 3,
        defaultSubscriptionExpiresIn: Int = 604_799,
        aiJobDelay: TimeInterval = 2,
        ringSenseNotReadyPolls: Int = 0
    ) {
        self.host = host
        self.port = port
        self.platformBaseURL = platformBaseURL
        self.mediaBaseURL = mediaBaseURL
        self.accountId = accountId
        self.extensionId = extensionId
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.acceptedJWTs = acceptedJWTs
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.scope = scope
        self.rateLimitingEnabled = rateLimitingEnabled
        self.rateLimits = rateLimits
        self.calls = calls
        self.generator = generator
        self.mp3Renderer = mp3Renderer
        self.webhookValidationTimeout = webhookValidationTimeout
        self.webhookDeliveryTimeout = webhookDeliveryTimeout
        self.webhookBlacklistAfterFailures = webhookBlacklistAfterFailures
        self.defaultSubscriptionExpiresIn = defaultSubscriptionExpiresIn
        self.aiJobDelay = aiJobDelay
        self.ringSenseNotReadyPolls = ringSenseNotReadyPolls
    }

    /// The budget of a group.
    public func budget(for group: RateLimitGroup) -> RateLimitBudget {
        self.rateLimits[group] ?? RateLimitBudget.defaults[group]!
    }
}
