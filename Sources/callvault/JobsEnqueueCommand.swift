import App
import Essentials
import ArgumentParser
import Foundation
import JobQueue

/// `callvault jobs enqueue KIND`: add a job by hand.
struct JobsEnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue", abstract: "Enqueue a job.",
        discussion: #"Example: callvault jobs enqueue noop --payload '{"sleep_ms": 100}'"#
    )

    @Argument(help: "The job kind, for example noop.")
    var kind: String

    @Option(help: "The payload, a JSON object.")
    var payload = "{}"

    @Option(help: "Idempotency key: a live job with the same key is returned instead of a new one.")
    var key: String?

    @Option(help: "Run no earlier than this ISO 8601 time, for example 2025-01-06T10:30:00Z.")
    var runAt: String?

    @Option(help: "Priority; smaller runs first.")
    var priority = 0

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        var runAtMillis: Int64?
        if let runAt {
            guard let date = Millis.parse(runAt) else {
                throw CLIError.usage("--run-at \(runAt) is not an ISO 8601 time like 2025-01-06T10:30:00Z")
            }
            runAtMillis = Millis.from(date)
        }
        let app = try await Bootstrap.application()
        let queue = app.queue
        let request = JobRequest(kind: kind, payload: payload, idempotencyKey: key, runAt: runAtMillis, priority: priority)
        let result: EnqueueResult
        do {
            result = try await queue.enqueue(request)
        } catch let error as JobQueueError where error.code == .unknownKind || error.code == .invalidPayload {
            throw CLIError.usage(error.message)
        }
        if json {
            print(try JSONOutput.encode(["id": result.id, "inserted": result.inserted ? 1 : 0]))
        } else if result.inserted {
            print("enqueued job \(result.id)")
        } else {
            print("job \(result.id) already holds key \(key ?? "")")
        }
    }
}
