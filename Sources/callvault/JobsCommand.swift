import ArgumentParser

/// `callvault jobs …`: inspect and steer the queue.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Inspect and steer the job queue.",
        subcommands: [
            JobsStatsCommand.self, JobsListCommand.self, JobsShowCommand.self, JobsEnqueueCommand.self,
            JobsRetryCommand.self, JobsCancelCommand.self,
        ]
    )
}
