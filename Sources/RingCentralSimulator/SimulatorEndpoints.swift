/// Where a running simulator can be reached.
public struct SimulatorEndpoints: Sendable, Hashable {
    /// The platform listener's TCP port (OAuth, call log, metadata, subscriptions, AI, RingSense, `/_sim`).
    public var port: Int
    /// The media listener's TCP port (recording content only).
    public var mediaPort: Int
    /// Platform base URL (`http://127.0.0.1:<port>` by default): use it as `RINGCENTRAL_SERVER_URL`.
    public var platformBaseURL: String
    /// Media base URL used in `contentUri` (`http://localhost:<mediaPort>` by default), RingCentral's
    /// `https://media.ringcentral.com` counterpart.
    public var mediaBaseURL: String
}
