public import Hummingbird
public import NIOCore

/// The simulator's request context: the basic context plus the connection's channel, so fault injection can
/// reset a connection (`SO_LINGER` 0) instead of closing it cleanly.
public struct SimulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The child channel of the connection serving this request.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
