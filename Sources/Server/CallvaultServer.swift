public import Hummingbird
import Essentials
import Logging
import Metrics
import NIOCore
import Prometheus

/// Builds `callvault serve`'s HTTP application: webhooks in; recordings, streams, transcripts,
/// search, health and metrics out. It is a `Service`: the composition root runs it in the same
/// `ServiceGroup` as the workers.
public enum CallvaultServer {
    /// The application for `dependencies` listening as `settings` say.
    /// - Parameter onRunning: Told the bound port once the server listens (port 0 picks one).
    public static func application(
        _ dependencies: ServerDependencies, settings: ServerSettings, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = makeRouter(dependencies, settings: settings)
        return Application(
            router: router,
            // nginx's listen backlog: a crowd of players connecting at once is queued, not made to
            // retry its SYN a second later (Hummingbird's default is 256).
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "callvault", backlog: 511),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: dependencies.logger
        )
    }

    /// The router: security headers, error handling, access log and metrics around everything;
    /// webhooks, health, the page's files and its sign-in open; everything else behind
    /// ``AuthMiddleware``.
    static func makeRouter(_ dependencies: ServerDependencies, settings: ServerSettings) -> Router<ServerContext> {
        let registry = MetricsController.sharedRegistry
        let router = Router(context: ServerContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AccessLogMiddleware(logger: dependencies.logger))
        router.add(middleware: MetricsMiddleware())
        WebhookController(
            intake: dependencies.webhooks, verificationToken: settings.webhookToken, aiCallbackSecret: settings.aiCallbackSecret,
            logger: dependencies.logger
        ).register(on: router)
        HealthController(dependencies: dependencies).register(on: router)

        let clock = dependencies.clock
        let sessions = SessionKeeper(
            secret: settings.sessionSecret ?? SessionKeeper.randomSecret(), apiToken: settings.apiToken,
            lifetimeSeconds: settings.sessionLifetimeSeconds, publicURL: settings.publicURL)
        PageController(sessions: sessions, apiToken: settings.apiToken, publicURL: settings.publicURL, clock: clock).register(on: router)
        let authenticated = router.group()
            .add(
                middleware: AuthMiddleware(apiToken: settings.apiToken, signer: dependencies.signer, sessions: sessions) {
                    clock.nowMillis() / 1000
                })
        if let recorder = dependencies.audit {
            authenticated.add(middleware: AuditMiddleware(recorder: recorder, clock: clock))
        }
        let links = LinkMaker(signer: dependencies.signer, publicURL: settings.publicURL, clock: clock)
        RecordingsController(dependencies: dependencies, links: links).register(on: authenticated)
        StreamController(dependencies: dependencies, settings: settings).register(on: authenticated)
        SearchController(dependencies: dependencies, links: links).register(on: authenticated)
        if let exporter = dependencies.exporter {
            ExportController(dependencies: dependencies, exporter: exporter).register(on: authenticated)
        }
        MetricsController(dependencies: dependencies, registry: registry).register(on: authenticated)
        OpsController(dependencies: dependencies, subscriptionManaged: settings.subscriptionManaged).register(on: authenticated)
        OpenAPIController().register(on: authenticated)
        return router
    }
}
