import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault retention --older-than DAYS`: delete recordings whose call started longer ago.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Delete every recording whose call started more than DAYS days ago (legal holds are kept).",
        discussion: """
            Removes the audio, the kept original, the sidecars, the transcript, the catalog rows, the search
            index entries and queued jobs of each recording, then purges the deleted text from the database
            file. Call times are compared as UTC instants (time zones and daylight saving do not matter).
            A run killed midway is finished by the next one. --dry-run prints exactly what would be deleted
            and changes nothing. CALLVAULT_RETENTION_DAYS runs this nightly in serve and work.
            """
    )

    @Option(help: "The age in days (fractions allowed, e.g. 0.5).")
    var olderThan: Double

    @Flag(help: "Print what would be deleted; change nothing.")
    var dryRun = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard olderThan.isFinite, olderThan >= 0 else { throw ValidationError("--older-than must be a number of days, 0 or more") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let report: DeletionReport = try await app.use { app in
            let plan = try await app.eraser.planRetention(olderThanDays: olderThan)
            if dryRun { return try await app.eraser.preview(plan) }
            let progress = Progress()
            defer { progress.finish() }
            return try await app.eraser.execute(plan, actor: CallvaultApplication.cliActor) { done, total in
                progress.update("retention: \(done)/\(total) recordings deleted")
            }
        }
        if json {
            print(try JSONOutput.encode(report))
        } else {
            for line in DeletionOutput.lines(report) { print(line) }
        }
    }
}
