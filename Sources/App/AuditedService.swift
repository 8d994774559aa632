import Compliance
import ServiceLifecycle

/// A service that records audit events (the HTTP server) together with the appender that
/// writes them: the appender runs beside it and, once the service has returned (after a
/// graceful shutdown, every answered request's event recorded), commits what is left.
struct AuditedService: Service {
    let service: any Service
    let appender: AuditAppender

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await appender.run() }
            do {
                try await service.run()
            } catch {
                appender.finish()
                try? await group.waitForAll()
                throw error
            }
            appender.finish()
            try await group.waitForAll()
        }
    }
}
