import App
import ArgumentParser
import Foundation
import RingCentralSimulator

/// `callvault simulate`: run the RingCentral simulator alone, for trying callvault by hand.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a local RingCentral simulator (platform, media host, webhooks, AI) on loopback.",
        discussion: "It prints the environment to point callvault at it. Stop it with Ctrl-C."
    )

    @Option(help: "The port to listen on (127.0.0.1).")
    var port = 8090

    @Option(help: "How many calls the generated day has.")
    var calls = 40

    @Option(help: "Seed of the generated calls.")
    var seed: UInt64 = 1

    @Option(help: "Share of calls with a recording (0 to 1).")
    var recordedFraction = 0.85

    @Option(help: "Heavy group budget: requests per window.")
    var heavyLimit = 10

    @Option(help: "Rate-limit window in seconds.")
    var window = 60.0

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard calls >= 0 else { throw ValidationError("--calls must not be negative") }
        guard (0...1).contains(recordedFraction) else { throw ValidationError("--recorded-fraction must be between 0 and 1") }
        guard heavyLimit >= 1, window > 0 else { throw ValidationError("--heavy-limit and --window must be positive") }
    }

    func run() async throws {
        let settings = try await Bootstrap.configuration()
        var configuration = SimulatorConfiguration(port: port, mp3Renderer: MP3RecordingRenderer())
        configuration.generator.callCount = calls
        configuration.generator.seed = seed
        configuration.generator.recordedFraction = recordedFraction
        for group in configuration.rateLimits.keys {
            configuration.rateLimits[group]?.window = window
            configuration.rateLimits[group]?.penalty = window
        }
        configuration.rateLimits[.heavy]?.limit = heavyLimit
        let simulator = RingCentralSimulator(
            configuration: configuration, logger: CallvaultApplication.logger("callvault.simulator", settings))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await ServiceRunner.run([simulator], logger: CallvaultApplication.logger("callvault.lifecycle", settings))
            }
            let endpoints = try await simulator.endpoints()
            print("""
                RingCentral simulator listening on \(endpoints.platformBaseURL) (media: \(endpoints.mediaBaseURL))
                \(calls) calls in the last 24 hours; Heavy: \(heavyLimit) requests per \(Int(window)) s.

                In another terminal:
                  export RINGCENTRAL_SERVER_URL=\(endpoints.platformBaseURL)
                  export RINGCENTRAL_CLIENT_ID=\(configuration.clientId)
                  export RINGCENTRAL_CLIENT_SECRET=\(configuration.clientSecret)
                  export RINGCENTRAL_JWT=\(configuration.acceptedJWTs[0])
                  callvault sync && callvault work --drain

                Ctrl-C stops it.
                """)
            try await tasks.waitForAll()
        }
    }
}
