import Foundation
import Logging
import RingCentralSimulator
import ServiceLifecycle

/// The RingCentral simulator on a loopback port for a test's `callvault` child processes, and the
/// environment that points them at it. Credentials are distinctive so a leak is easy to find.
struct SimulatorFixture: Sendable {
    static let clientSecret = "client-secret-7f3a9c1e"
    static let jwt = "jwt-credential-b64d2e90"

    let simulator: RingCentralSimulator
    let endpoints: SimulatorEndpoints

    var environment: [String: String] {
        [
            "RINGCENTRAL_SERVER_URL": endpoints.platformBaseURL, "RINGCENTRAL_CLIENT_ID": simulator.configuration.clientId,
            "RINGCENTRAL_CLIENT_SECRET": Self.clientSecret, "RINGCENTRAL_JWT": Self.jwt,
        ]
    }

    static func configuration(calls: [SimulatedCall]) -> SimulatorConfiguration {
        SimulatorConfiguration(
            clientSecret: clientSecret, acceptedJWTs: [jwt], rateLimitingEnabled: false, calls: calls,
            mp3Renderer: MP3RecordingRenderer()
        )
    }

    /// Accepted calls with one recording each, alternating MP3 and mu-law WAV.
    static func calls(_ count: Int, durationSeconds: Int = 6) -> [SimulatedCall] {
        var calls: [SimulatedCall] = []
        for index in 0..<count {
            let format: SimulatedAudioFormat = index % 2 == 0 ? .mp3 : .wavMuLaw
            // Every call has ended (the call log lists only finished calls).
            let start = Date().addingTimeInterval(-Double(600 * (index + 1) + durationSeconds))
            calls.append(
                SimulatedCall.recorded(
                    id: "call-\(index)", recordingId: String(70_000 + index), format: format,
                    durationSeconds: durationSeconds, startTime: start
                )
            )
        }
        return calls
    }
}

func withSimulatorFixture<T: Sendable>(
    _ configuration: SimulatorConfiguration, _ body: @Sendable (SimulatorFixture) async throws -> T
) async throws -> T {
    var logger = Logger(label: "simulator")
    logger.logLevel = .error
    let simulator = RingCentralSimulator(configuration: configuration, logger: logger)
    let group = ServiceGroup(services: [simulator], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let fixture = SimulatorFixture(simulator: simulator, endpoints: try await simulator.endpoints())
        do {
            let result = try await body(fixture)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
