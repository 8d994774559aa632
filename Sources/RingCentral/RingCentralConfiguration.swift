public import Foundation

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

    /// Reads the environment.
    /// - Throws: ``RingCentralError`` `.configuration` naming the first missing variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> RingCentralConfiguration
    {
        func required(_ name: String) throws -> String {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw RingCentralError(.configuration, "\(name) is not set; set it to your RingCentral app's value")
            }
            return value
        }
        let server = environment["RINGCENTRAL_SERVER_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://platform.ringcentral.com"
        guard let url = URL(string: server), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw RingCentralError(.configuration, "RINGCENTRAL_SERVER_URL=\(server) is not an http(s) URL")
        }
        var perPage = 1000
        if let text = environment["RINGCENTRAL_PER_PAGE"], !text.isEmpty {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw RingCentralError(.configuration, "RINGCENTRAL_PER_PAGE=\(text) must be a number from 1 to 1000")
            }
            perPage = value
        }
        return RingCentralConfiguration(
            serverURL: server, clientId: try required("RINGCENTRAL_CLIENT_ID"),
            clientSecret: try required("RINGCENTRAL_CLIENT_SECRET"), jwt: try required("RINGCENTRAL_JWT"),
            perPage: perPage
        )
    }
}
