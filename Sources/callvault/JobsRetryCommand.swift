import App
import ArgumentParser
import JobQueue

/// `callvault jobs retry ID`: run a dead, cancelled or waiting job now.
struct JobsRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Make a dead, cancelled or waiting job due now."
    )

    @Argument(help: "The job id.")
    var id: Int64

    func run() async throws {
        let app = try await Bootstrap.application()
        let queue = app.queue
        try await queue.retry(id)
        print("job \(id) is due now")
    }
}
