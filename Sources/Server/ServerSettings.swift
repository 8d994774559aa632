/// What the server needs to know beyond its dependencies.
public struct ServerSettings: Sendable {
    /// The interface to listen on.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// `CALLVAULT_API_TOKEN`: the bearer token of the API; `nil` refuses every authenticated route.
    public var apiToken: String?
    /// `RINGCENTRAL_WEBHOOK_TOKEN`: the Verification-Token RingCentral sends; the webhook refuses
    /// to start without it.
    public var webhookToken: String?
    /// The secret path segment of the AI callback route.
    public var aiCallbackSecret: String?
    /// `CALLVAULT_PUBLIC_URL`: where players and RingCentral reach the server.
    public var publicURL: String?
    /// The secret the page's session cookies are signed with (with the API token); `nil` makes a
    /// random one, so sessions end when the process does.
    public var sessionSecret: [UInt8]?
    /// How long a page session lasts.
    public var sessionLifetimeSeconds: Int64
    /// Whether `serve` keeps the webhook subscription alive (shown on the page).
    public var subscriptionManaged: Bool
    /// `CALLVAULT_S3_REDIRECT`: archived audio is answered with a 302 to a presigned URL of the
    /// storage (when the storage can make one) instead of being relayed.
    public var redirectToStorage: Bool
    /// How long such a presigned URL stays valid, in seconds.
    public var redirectLifetimeSeconds: Int

    /// Creates settings.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, apiToken: String? = nil, webhookToken: String? = nil,
        aiCallbackSecret: String? = nil, publicURL: String? = nil, sessionSecret: [UInt8]? = nil,
        sessionLifetimeSeconds: Int64 = 12 * 3_600, subscriptionManaged: Bool = false, redirectToStorage: Bool = false,
        redirectLifetimeSeconds: Int = 3_600
    ) {
        self.redirectToStorage = redirectToStorage
        self.redirectLifetimeSeconds = redirectLifetimeSeconds
        self.host = host
        self.port = port
        self.apiToken = apiToken
        self.webhookToken = webhookToken
        self.aiCallbackSecret = aiCallbackSecret
        self.publicURL = publicURL
        self.sessionSecret = sessionSecret
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.subscriptionManaged = subscriptionManaged
    }
}
