import App
import ArgumentParser
import JobQueue
import Logging

/// `callvault serve`: the HTTP server, the workers and the recurring schedules in one service group.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API, the webhooks and the page, and run the workers and schedules.",
        discussion: """
            Needs CALLVAULT_API_TOKEN for the API and, with RingCentral configured, RINGCENTRAL_WEBHOOK_TOKEN.
            With CALLVAULT_PUBLIC_URL set, the webhook subscription is created and kept alive.
            SIGTERM or SIGINT stops taking requests and jobs, lets running ones finish, then exits.
            """
    )

    @Option(help: "The interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "Jobs to run at once.")
    var workers = 4

    @Flag(help: "Serve only: run no workers and no schedules in this process.")
    var noWorkers = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let logger = app.logger("callvault.server")
        let listening = SubscriptionService.Listening()
        var services = [
            try app.server(host: host, port: port) { port in
                logger.notice("listening", metadata: ["port": "\(port)"])
                listening.signal()
            }
        ]
        if !noWorkers { services.append(app.worker(JobProcessorConfiguration(workers: workers))) }
        if let subscriptions = app.subscriptionService(listening: listening) { services.append(subscriptions) }
        try await app.run(services)
    }
}
