import App
import ArgumentParser
import JobQueue

/// `callvault work`: run workers until stopped (or, with `--drain`, until no work is due).
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work", abstract: "Run job workers.",
        discussion: """
            SIGTERM or SIGINT stops claiming, lets running jobs finish within the grace period and
            releases the rest. --drain exits 0 once every job is finished, dead or cancelled, apart from
            recurring schedules and jobs due more than --drain-horizon seconds away; jobs waiting for a
            rate-limit token or a retry backoff are waited for.
            """
    )

    @Option(help: "Jobs to run at once.")
    var workers = 4

    @Flag(help: "Exit once no work is due within the drain horizon.")
    var drain = false

    @Option(help: "With --drain: ignore jobs due more than this many seconds away.")
    var drainHorizon = 600

    @Option(help: "Lease length in seconds; a crashed worker's jobs are rescued this long after its last renewal.")
    var lease = 30.0

    @Option(help: "Seconds running jobs may take to finish after SIGTERM before they are released.")
    var grace = 10.0

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard drainHorizon >= 0 else { throw ValidationError("--drain-horizon must not be negative") }
        guard lease >= 0.1 else { throw ValidationError("--lease must be at least 0.1 seconds") }
        guard grace >= 0 else { throw ValidationError("--grace must not be negative") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let configuration = JobProcessorConfiguration(
            workers: workers,
            leaseMillis: Int64(lease * 1000),
            gracePeriodMillis: Int64(grace * 1000),
            drain: drain,
            drainHorizonMillis: Int64(drainHorizon) * 1000
        )
        try await app.run([app.worker(configuration)])
    }
}
