public import Logging
public import ServiceLifecycle
import UnixSignals

/// Runs long-running parts in one `ServiceGroup` with graceful shutdown on SIGTERM and SIGINT.
public enum ServiceRunner {
    /// Runs `services` until one of them returns (then the others are shut down gracefully) or a
    /// signal arrives.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
