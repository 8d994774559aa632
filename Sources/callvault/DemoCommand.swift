import ArgumentParser
import Archive
import Foundation
import GRDB
import JobQueue
import Logging
import Pipeline
import RingCentral
import RingCentralSimulator
import ServiceLifecycle
import Transfer

/// `callvault demo`: the whole pipeline against the built-in simulator, with no configuration.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Archive a realistic day of calls from the built-in RingCentral simulator, end to end.",
        discussion: """
            Starts the simulator on loopback (a few dozen calls, MP3 and WAV recordings, a few faults
            switched on, Heavy at 10 requests per 2 s), syncs the call log, runs the workers until the
            queue is drained, and prints what was archived and where. Uses $CALLVAULT_HOME (./storage).
            A second run finds everything archived and downloads nothing.
            """
    )

    @Option(help: "Calls in the simulated day.")
    var calls = 36

    @Option(help: "Workers.")
    var workers = 4

    func validate() throws {
        guard (1...2_000).contains(calls) else { throw ValidationError("--calls must be between 1 and 2000") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        var environment = try AppEnvironment()
        if environment.variables["CALLVAULT_LOG_LEVEL"] == nil { environment.logLevel = .error }
        AppEnvironment.bootstrapLogging(level: environment.logLevel)

        var simulatorConfiguration = SimulatorConfiguration(mp3Renderer: MP3RecordingRenderer())
        simulatorConfiguration.generator = CallLogGenerator.Options(seed: 20_250_106, callCount: calls, mp3Fraction: 0.6, maxDurationSeconds: 150)
        simulatorConfiguration.rateLimits[.heavy] = RateLimitBudget(limit: 10, window: 2)
        let simulator = RingCentralSimulator(configuration: simulatorConfiguration, logger: environment.logger("callvault.simulator"))
        let group = ServiceGroup(services: [simulator], logger: environment.logger("callvault.lifecycle"))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { Task { await group.triggerGracefulShutdown() } }
            let endpoints = try await simulator.endpoints()
            Self.injectFaults(simulator)
            var variables = environment.variables
            variables["RINGCENTRAL_SERVER_URL"] = endpoints.platformBaseURL
            variables["RINGCENTRAL_CLIENT_ID"] = simulatorConfiguration.clientId
            variables["RINGCENTRAL_CLIENT_SECRET"] = simulatorConfiguration.clientSecret
            variables["RINGCENTRAL_JWT"] = simulatorConfiguration.acceptedJWTs[0]
            var demoEnvironment = environment
            demoEnvironment.variables = variables
            try await runPipeline(demoEnvironment, simulator: simulator)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A few of the faults RingCentral really produces, each on its own recording.
    static func injectFaults(_ simulator: RingCentralSimulator) {
        let ids = simulator.calls.flatMap(\.allRecordings).map(\.id).sorted()
        let faults: [SimulatorFault.Kind] = [
            .serverError(503), .truncatedBody(fraction: 0.5), .okWithRateLimitBody, .connectionReset(afterBytes: 20_000),
            .htmlErrorPageAsAudio, .notFound,
        ]
        for (index, kind) in faults.enumerated() where index * 4 < ids.count {
            simulator.inject(SimulatorFault(kind, target: .content, recordingId: ids[index * 4]))
        }
    }

    private func runPipeline(_ environment: AppEnvironment, simulator: RingCentralSimulator) async throws {
        let services = try environment.openServices(requireRingCentral: true)
        try await services.run { services in
            guard let pipeline = services.pipeline else { return }
            let started = Date()
            let progress = Progress()
            let sync = CallLogSync(client: pipeline.client, queue: services.queue, logger: environment.logger("callvault.sync"))
            let statistics = try await sync.run(CallLogQuery(dateFrom: started.addingTimeInterval(-86_400), dateTo: started))
            print("synced \(statistics.callsSeen) calls: \(statistics.recordingsFound) recordings, \(statistics.jobsEnqueued) to download, \(statistics.alreadyKnown) already archived")

            let processor = JobProcessor(
                queue: services.queue,
                configuration: JobProcessorConfiguration(workers: workers, drain: true, drainHorizonMillis: 60_000, runSchedules: false),
                logger: environment.logger("callvault.worker")
            )
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await processor.run() }
                tasks.addTask {
                    while !Task.isCancelled {
                        if let line = try? await DemoReport.progressLine(services.queue) { progress.update(line) }
                        try await Task.sleep(for: .milliseconds(500))
                    }
                }
                try await tasks.next()
                tasks.cancelAll()
            }
            progress.finish()
            let report = try await DemoReport.make(services.queue.database, home: environment.home)
            print(report.render(elapsed: Date().timeIntervalSince(started), heavyRequests: simulator.stats().groups[.heavy]?.requests ?? 0))
        }
    }
}
