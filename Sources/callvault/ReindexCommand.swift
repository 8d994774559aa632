import App
import ArgumentParser
import Archive
import Foundation

/// `callvault reindex`: rebuild the catalog from the sidecars in the tree.
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the calls, recordings and files catalog from the metadata sidecars in recordings/."
    )

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let report = try await Reindexer(
            catalog: app.catalog, transcripts: app.transcripts, storage: app.storage, clock: app.clock,
            logger: app.logger("callvault.archive")
        ).run()
        if json {
            print(try JSONOutput.encode([
                "sidecars": report.sidecarsFound, "recordings": report.recordingsIndexed, "calls": report.callsIndexed,
                "transcripts": report.transcriptsIndexed, "problems": report.problems.count,
            ]))
        } else {
            print("sidecars found:      \(report.sidecarsFound)")
            print("recordings indexed:  \(report.recordingsIndexed)")
            print("calls indexed:       \(report.callsIndexed)")
            print("transcripts indexed: \(report.transcriptsIndexed)")
            for problem in report.problems { print("problem: \(problem.path): \(problem.message)") }
            if !report.recordingsNotInTree.isEmpty {
                print("archived in the catalog but not in the tree: \(report.recordingsNotInTree.joined(separator: ", "))")
            }
        }
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}
