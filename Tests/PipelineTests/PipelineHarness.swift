import App
import Essentials
import Foundation
import JobQueue
import Logging
import Pipeline
import RingCentralSimulator
import ServiceLifecycle
import TestSupport
import Testing

/// The whole application, built by the composition root on a fresh home with a manual clock,
/// against a simulator on a loopback port: what the pipeline's handlers run on in production.
struct PipelineHarness: Sendable {
    let app: CallvaultApplication
    let simulator: RingCentralSimulator
    let clock: ManualTimeSource
    let home: TemporaryDirectory

    var pipeline: PipelineContext { app.pipeline! }
    var queue: JobQueue { app.queue }

    /// Claims the one due job of `kind` (spending its rate-limit token as the processor would).
    func claim(_ kind: String) async throws -> ClaimedJob? {
        try await queue.completeAndClaim([], limit: 1, worker: "test", leaseMillis: 60_000, kinds: [kind]).claimed.first
    }

    /// Runs `kind`'s handler for a claimed job, as the processor would.
    func run(_ job: ClaimedJob) async throws {
        let definition = try #require(queue.registry.definitions[job.kind])
        try await definition.handler(JobContext(job: job, logger: Logger(label: "test"), queue: queue))
    }

    /// The handler's outcome for one job of `kind`: `nil` when it completed, else its error. The
    /// outcome is recorded on the job as the processor would.
    func outcome(_ kind: String) async throws -> JobError? {
        let job = try #require(try await claim(kind), "no \(kind) job is due")
        var failure: JobError?
        do {
            try await run(job)
        } catch let error as JobError {
            failure = error
        }
        let outcome: JobOutcome
        switch failure?.disposition {
        case nil: outcome = .completed
        case .snooze(let until)?: outcome = .snoozed(until: until, message: failure!.message)
        case .permanent?: outcome = .failed(message: failure!.message, retryAt: nil)
        case .retry?: outcome = .failed(message: failure!.message, retryAt: clock.nowMillis())
        }
        _ = try await queue.completeAndClaim(
            [JobCompletion(jobId: job.id, leaseToken: job.leaseToken, outcome: outcome)], limit: 0, worker: "test",
            leaseMillis: 60_000)
        return failure
    }
}

func withPipelineHarness<T: Sendable>(
    _ kind: BackendKind = .sqlite, calls: [SimulatedCall], now: Int64, environment: [String: String] = [:],
    _ body: @Sendable (PipelineHarness) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration(rateLimitingEnabled: false, calls: calls, mp3Renderer: MP3RecordingRenderer())
    configuration.port = 0
    configuration.allowSlowNetwork()
    var logger = Logger(label: "simulator")
    logger.logLevel = .error
    let simulator = RingCentralSimulator(configuration: configuration, logger: logger)
    let group = ServiceGroup(services: [simulator], logger: logger)
    let home = try TemporaryDirectory("pipeline")
    defer { home.remove() }
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        defer { Task { await group.triggerGracefulShutdown() } }
        let endpoints = try await simulator.endpoints()
        let databaseURL = kind == .postgres ? TestBackend.freshPostgresURL() : ""
        let settings = try await CallvaultConfiguration.load(environment: [
            "CALLVAULT_DATABASE_URL": databaseURL,
            "CALLVAULT_HOME": home.path, "CALLVAULT_LOG_LEVEL": "error", "RINGCENTRAL_SERVER_URL": endpoints.platformBaseURL,
            "RINGCENTRAL_CLIENT_ID": configuration.clientId, "RINGCENTRAL_CLIENT_SECRET": configuration.clientSecret,
            "RINGCENTRAL_JWT": configuration.acceptedJWTs[0],
        ].merging(environment) { _, extra in extra })
        let clock = ManualTimeSource(nowMillis: now)
        let app = try await CallvaultApplication.build(settings, options: .init(requireRingCentral: true, clock: clock))
        let result = try await app.use { app in
            try await body(PipelineHarness(app: app, simulator: simulator, clock: clock, home: home))
        }
        if kind == .postgres { try await TestBackend.dropSchema(of: databaseURL) }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
