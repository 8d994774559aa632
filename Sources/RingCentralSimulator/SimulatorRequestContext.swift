public import Hummingbird
public import NIOCore

/// The simulator's request context: the basic context plus the connection's channel, so fault injection can
/// reset a connection (`SO_LINGER` 0) instead of closing it cleanly.
public struct SimulatorRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The child channel of the connection serving this request.
    public let channel: any Channel

    /// Creates the context for a request on a connection.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
