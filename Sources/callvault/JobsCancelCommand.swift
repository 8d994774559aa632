import App
import ArgumentParser
import JobQueue

/// `callvault jobs cancel ID`: cancel a job that has not finished.
struct JobsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a job that has not finished; a running one stops."
    )

    @Argument(help: "The job id.")
    var id: Int64

    func run() async throws {
        let app = try await Bootstrap.application()
        let queue = app.queue
        try await queue.cancel(id)
        print("job \(id) cancelled")
    }
}
