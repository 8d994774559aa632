public import Hummingbird
public import NIOCore

/// The request context of callvault's server: Hummingbird's per-request storage, the body
/// limit, and who the request was allowed as.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// How the request was authorized, once ``AuthMiddleware`` let it through.
    public var access: Access?
    /// The event loop of the request's connection (``StreamPacer`` keeps bodies close to it).
    public let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        eventLoop = source.channel.eventLoop
    }

    /// Bodies over 1 MiB are refused (413): webhooks are small and nothing else takes a body.
    public var maxUploadSize: Int { 1 << 20 }
}

/// How a request was authorized.
public enum Access: Sendable, Equatable {
    /// The API token (`Authorization: Bearer`).
    case token
    /// A signed link with this key id.
    case signedLink(keyId: String)
    /// A session cookie from the page's sign-in (the session's short id).
    case session(id: String)

    /// What the audit records about it (never the secret itself).
    public var description: String {
        switch self {
        case .token: "token"
        case .signedLink(let keyId): "signed-link:\(keyId)"
        case .session(let id): "session:\(id)"
        }
    }
}
