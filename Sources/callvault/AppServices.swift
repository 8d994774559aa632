import JobQueue
import Pipeline
import Transfer

/// The opened database, queue and (when configured) RingCentral client of one command.
struct AppServices {
    var queue: JobQueue
    var http: HTTPClient?
    var pipeline: PipelineContext?

    /// Stops the HTTP client's threads.
    func shutdown() async {
        try? await http?.shutdown()
    }

    /// Runs `body`, then shuts down, whether `body` returned or threw.
    func run<T>(_ body: (AppServices) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await shutdown()
            return result
        } catch {
            await shutdown()
            throw error
        }
    }
}
