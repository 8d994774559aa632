import Foundation

/// Where RingCentral is and who we are, from the environment (see DESIGN.md).
public struct RingCentralConfiguration: Sendable {
    /// `RINGCENTRAL_SERVER_URL`, default `https://platform.ringcentral.com`.
    public var serverURL: String
    /// `RINGCENTRAL_CLIENT_ID`.
    public var clientId: String
    /// `RINGCENTRAL_CLIENT_SECRET`; never logged.
    public var clientSecret: String
    /// `RINGCENTRAL_JWT`: the JWT credential; never logged.
    public var jwt: String
    /// Records per call-log page; every page is a Heavy request, so the maximum by default.
    public var perPage: Int
    /// Renew the access token this long before it expires, at least.
    public var renewalMarginSeconds: Int

    public init(serverURL: String = "https://platform.ringcentral.com", clientId: String, clientSecret: String,
                jwt: String, perPage: Int = 1000, renewalMarginSeconds: Int = 60) {
        self.serverURL = serverURL.hasSuffix("/") ? String(serverURL.dropLast()) : serverURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.jwt = jwt
        self.perPage = max(1, min(1000, perPage))
        self.renewalMarginSeconds = renewalMarginSeconds
    }
}
