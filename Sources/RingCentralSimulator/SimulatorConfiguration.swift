public import Essentials
public import Foundation

/// Everything that shapes a ``RingCentralSimulator``. Every member has a default.
///
/// ```swift
/// var configuration = SimulatorConfiguration()
/// configuration.clock = ManualTimeSource()              // tests move time instead of sleeping
/// configuration.rateLimits[.heavy] = RateLimitBudget(limit: 10, window: 2)
/// configuration.calls = [SimulatedCall.recorded(id: "c1", recordingId: "1001", durationSeconds: 40)]
/// configuration.insightsDelay = 300                     // RingSense answers 404 for 5 minutes after the call
/// let simulator = RingCentralSimulator(configuration: configuration)
/// ```
public struct SimulatorConfiguration: Sendable {
    /// Interface both listeners bind; keep it on loopback.
    public var host: String
    /// Port of the platform listener; 0 picks a free port (read it from ``RingCentralSimulator/endpoints()``).
    public var port: Int
    /// Port of the media listener (recording content only); 0 picks a free port.
    public var mediaPort: Int
    /// Base URL used in platform URIs (`uri`, navigation). `{port}` is replaced by the platform listener's port.
    public var platformBaseURL: String
    /// Base URL used for `contentUri` (the media host). `{port}` is replaced by the media listener's port. The media
    /// listener is a separate socket that serves nothing but recording content, and the platform listener does not
    /// serve content, so a client that rebuilds media URLs from the platform URL gets a 404.
    public var mediaBaseURL: String

    /// Where "now" comes from: token expiry, rate-limit windows and penalties, subscription expiry, AI job delays,
    /// insights availability, call-log visibility and the default call-log window. Tests pass a
    /// `ManualTimeSource` and advance it instead of sleeping.
    public var clock: any TimeSource

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
    /// The app's permissions, space-separated, as returned in `scope`. Every token carries the scope it was issued
    /// with; routes whose RingCentral permission is missing answer 403 (`CMN-401`), and subscriptions list event
    /// filters the scope does not allow under `disabledFilters`.
    public var scope: String

    /// Whether throttling is enforced (headers are sent either way). When off, injected rate-limit faults do not
    /// start a penalty either.
    public var rateLimitingEnabled: Bool
    /// Budgets per group; missing groups use ``RateLimitBudget/defaults``.
    public var rateLimits: [RateLimitGroup: RateLimitBudget]

    /// An explicit call set; `nil` generates one with ``generator``.
    public var calls: [SimulatedCall]?
    /// Options for the generated call set (its end date defaults to the clock's now).
    public var generator: CallLogGenerator.Options
    /// Seconds after a call ends before its call-log record and its recordings can be read. Until then a call-log
    /// query (also by `telephonySessionId`) does not return it and the recording answers 404.
    public var callLogDelay: TimeInterval

    /// Renderer for MP3 recordings; without one, MP3 recordings are served as PCM WAV (`audio/wav`).
    public var mp3Renderer: (any RecordingAudioRenderer)?
    /// Share of WAV recordings served (and described in metadata) as `audio/x-wav` instead of `audio/wav`, chosen
    /// deterministically from the recording id. RingCentral's older API answered `audio/x-wav`.
    public var legacyWAVContentTypeFraction: Double

    /// How long a subscriber has to answer the Validation-Token request (real time: a network timeout).
    public var webhookValidationTimeout: TimeInterval
    /// Timeout of one event delivery or AI callback (real time: a network timeout).
    public var webhookDeliveryTimeout: TimeInterval
    /// Consecutive failed deliveries after which a subscription becomes `Blacklisted`.
    public var webhookBlacklistAfterFailures: Int
    /// Default `expiresIn` of a subscription.
    public var defaultSubscriptionExpiresIn: Int

    /// Seconds an AI async job stays `InProgress` (on ``clock``).
    public var aiJobDelay: TimeInterval
    /// Timeout of the AI service's fetch of a `contentUri` that is not served by this simulator (real time).
    public var aiMediaFetchTimeout: TimeInterval
    /// Number of RingSense GETs per recording that answer 404 before the insights are "ready" (on top of
    /// ``insightsDelay``).
    public var ringSenseNotReadyPolls: Int
    /// Recordings whose user has no RingSense licence: their insights answer 403 (`CMN-401`).
    public var unlicensedRecordingIds: Set<String> = []
    /// Recordings the AI service cannot process: their async AI jobs end `Fail` (`CAI-109`).
    public var aiUnprocessableRecordingIds: Set<String> = []
    /// Seconds after the end of the recorded call (or leg) before RingSense insights exist; until then the GET
    /// answers 404 and no insights event is sent.
    public var insightsDelay: TimeInterval
    /// Share of recordings, chosen deterministically from the recording id, whose insights get a second, newer
    /// version (AI Notes first, then RingSense): newer `lastModifiedTime`, revised summary, notes and score, and a
    /// second insights event.
    public var insightsRevisionFraction: Double
    /// Seconds between the first and the second version of revised insights.
    public var insightsRevisionDelay: TimeInterval
    /// Transcripts forced for recording ids (fixtures); other recordings get a generated one.
    public var transcripts: [String: SimulatedTranscript]

    /// Creates a configuration; every member is defaulted.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        mediaPort: Int = 0,
        platformBaseURL: String = "http://127.0.0.1:{port}",
        mediaBaseURL: String = "http://localhost:{port}",
        clock: any TimeSource = SystemTimeSource(),
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
        callLogDelay: TimeInterval = 0,
        mp3Renderer: (any RecordingAudioRenderer)? = nil,
        legacyWAVContentTypeFraction: Double = 0.2,
        webhookValidationTimeout: TimeInterval = 3,
        webhookDeliveryTimeout: TimeInterval = 5,
        webhookBlacklistAfterFailures: Int = 3,
        defaultSubscriptionExpiresIn: Int = 604_799,
        aiJobDelay: TimeInterval = 2,
        aiMediaFetchTimeout: TimeInterval = 5,
        ringSenseNotReadyPolls: Int = 0,
        insightsDelay: TimeInterval = 0,
        insightsRevisionFraction: Double = 0.25,
        insightsRevisionDelay: TimeInterval = 300,
        transcripts: [String: SimulatedTranscript] = [:]
    ) {
        self.host = host
        self.port = port
        self.mediaPort = mediaPort
        self.platformBaseURL = platformBaseURL
        self.mediaBaseURL = mediaBaseURL
        self.clock = clock
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
        self.callLogDelay = callLogDelay
        self.mp3Renderer = mp3Renderer
        self.legacyWAVContentTypeFraction = legacyWAVContentTypeFraction
        self.webhookValidationTimeout = webhookValidationTimeout
        self.webhookDeliveryTimeout = webhookDeliveryTimeout
        self.webhookBlacklistAfterFailures = webhookBlacklistAfterFailures
        self.defaultSubscriptionExpiresIn = defaultSubscriptionExpiresIn
        self.aiJobDelay = aiJobDelay
        self.aiMediaFetchTimeout = aiMediaFetchTimeout
        self.ringSenseNotReadyPolls = ringSenseNotReadyPolls
        self.insightsDelay = insightsDelay
        self.insightsRevisionFraction = insightsRevisionFraction
        self.insightsRevisionDelay = insightsRevisionDelay
        self.transcripts = transcripts
    }

    /// The budget of a group.
    public func budget(for group: RateLimitGroup) -> RateLimitBudget {
        self.rateLimits[group] ?? RateLimitBudget.defaults[group]!
    }

    /// Lengthens the real-time network deadlines (handshake, delivery, AI media fetch) to
    /// `seconds`, for test runs on a machine so loaded that a loopback answer can take longer
    /// than RingCentral's deadlines. A deadline under a second is left alone: it was set by a test
    /// that is about that deadline.
    public mutating func allowSlowNetwork(seconds: TimeInterval = 120) {
        if webhookValidationTimeout >= 1 { webhookValidationTimeout = max(webhookValidationTimeout, seconds) }
        if webhookDeliveryTimeout >= 1 { webhookDeliveryTimeout = max(webhookDeliveryTimeout, seconds) }
        if aiMediaFetchTimeout >= 1 { aiMediaFetchTimeout = max(aiMediaFetchTimeout, seconds) }
    }
}
