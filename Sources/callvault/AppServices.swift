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
}
