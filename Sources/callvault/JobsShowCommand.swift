import App
import Essentials
import ArgumentParser
import JobQueue

/// `callvault jobs show ID`: one job in full.
struct JobsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a job: payload, attempts, rescues, last error, timestamps."
    )

    @Argument(help: "The job id.")
    var id: Int64

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let queue = app.queue
        guard let job = try await queue.job(id) else { throw CLIError.failure("no job with id \(id)") }
        if json {
            print(try JSONOutput.encode(job))
            return
        }
        let time = { (millis: Int64?) in millis.map(Millis.iso8601) ?? "-" }
        let rows: [[String]] = [
            ["id", String(job.id)], ["kind", job.kind], ["state", job.state.rawValue], ["payload", job.payload],
            ["priority", String(job.priority)], ["attempt", "\(job.attempt) of \(job.maxAttempts)"],
            ["rescues", String(job.rescueCount)], ["snoozes", String(job.snoozeCount)],
            ["idempotency key", job.idempotencyKey ?? "-"], ["schedule", job.schedule ?? "-"],
            ["run at", time(job.runAt)], ["created", time(job.createdAt)], ["updated", time(job.updatedAt)],
            ["attempted", time(job.attemptedAt)], ["finished", time(job.finishedAt)],
            ["worker", job.worker ?? "-"], ["lease until", time(job.leaseUntil)],
            [job.state == .completed ? "note" : "last error", job.lastError ?? "-"], ["errors", job.errors],
        ]
        print(TextTable.render(rows, header: false))
    }
}
