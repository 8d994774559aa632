/// Where a running simulator can be reached.
public struct SimulatorEndpoints: Sendable, Hashable {
    /// The bound TCP port.
    public var port: Int
    /// Platform base URL (`http://127.0.0.1:<port>` by default): use it as `RINGCENTRAL_SERVER_URL`.
    public var platformBaseURL: String
    /// Media base URL used in `contentUri` (`http://localhost:<port>` by default).
    public var mediaBaseURL: String
}
