import Foundation
import Logging
import RingCentralSimulator
import Testing

struct LifecycleTests {
    @Test func endpointsUseDistinctPlatformAndMediaHosts() async throws {
        try await withSimulator { sim in
            #expect(sim.endpoints.port > 0)
            #expect(sim.platform == "http://127.0.0.1:\(sim.endpoints.port)")
            #expect(sim.endpoints.mediaPort > 0 && sim.endpoints.mediaPort != sim.endpoints.port)
            #expect(sim.endpoints.mediaBaseURL == "http://localhost:\(sim.endpoints.mediaPort)")
            let stats = try await TestHTTP.send(sim.platform + "/_sim/stats")
            #expect(stats.status == 200)
            #expect(stats.json["groups"]?["heavy"] != nil)
        }
    }

    @Test func startFailureIsReportedToEndpointWaiters() async throws {
        try await withSimulator { sim in
            var configuration = SimulatorConfiguration()
            configuration.port = sim.endpoints.port
            var logger = Logger(label: "clash")
            logger.logLevel = .critical
            let clash = RingCentralSimulator(configuration: configuration, logger: logger)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await clash.run() }
                await #expect(throws: (any Error).self) { _ = try await clash.endpoints() }
                group.cancelAll()
            }
        }
    }
}
