import App
import Essentials
public import ArgumentParser
public import JobQueue

/// `callvault jobs list`: jobs, newest first.
struct JobsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first.")

    @Option(help: "Only jobs in this state: \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).")
    var state: JobState?

    @Option(help: "Only jobs of this kind.")
    var kind: String?

    @Option(help: "At most this many jobs.")
    var limit = 50

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let queue = app.queue
        let jobs = try await queue.list(JobFilter(state: state, kind: kind, limit: limit))
        if json {
            print(try JSONOutput.encode(jobs))
            return
        }
        var rows = [["id", "kind", "state", "attempt", "priority", "run at", "last error"]]
        for job in jobs {
            rows.append([
                String(job.id), job.kind, job.state.rawValue, "\(job.attempt)/\(job.maxAttempts)", String(job.priority),
                Millis.iso8601(job.runAt), String((job.lastError ?? "").prefix(60)),
            ])
        }
        print(TextTable.render(rows))
    }
}

extension JobState: ExpressibleByArgument {}
