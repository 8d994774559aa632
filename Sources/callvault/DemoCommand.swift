import App
import ArgumentParser
import Foundation
import RingCentralSimulator

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

    @Flag(help: "Give one recording a transcript full of markup (<script>, <img onerror=…>), to check that pages show it as text.")
    var markupTranscript = false

    func validate() throws {
        guard (1...2_000).contains(calls) else { throw ValidationError("--calls must be between 1 and 2000") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let configuration = try await Bootstrap.configuration(quietUnlessSet: true)
        var simulatorConfiguration = SimulatorConfiguration(mp3Renderer: MP3RecordingRenderer())
        simulatorConfiguration.generator = CallLogGenerator.Options(
            seed: 20_250_106, callCount: calls, mp3Fraction: 0.6, maxDurationSeconds: 150)
        simulatorConfiguration.rateLimits[.heavy] = RateLimitBudget(limit: 10, window: 2)
        let logger = CallvaultApplication.logger("callvault.simulator", configuration)
        let simulator = RingCentralSimulator(configuration: simulatorConfiguration, logger: logger)
        let progress = Progress()
        let demo = DemoService(
            simulator: simulator, configuration: configuration, workers: workers, markupTranscript: markupTranscript, say: { print($0) },
            progress: { line in if let line { progress.update(line) } else { progress.finish() } })
        try await ServiceRunner.run([simulator, demo], logger: CallvaultApplication.logger("callvault.lifecycle", configuration))
    }
}
