import App
import ArgumentParser
import Archive
import Foundation

/// `callvault verify`: re-hash stored files against the catalog.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every stored file against the catalog and report drift (exit 1 when any).",
        discussion: "Reports missing files, size and hash mismatches, and files in recordings/ the catalog does not know."
    )

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let report = try await Verifier(catalog: app.catalog, transcripts: app.transcripts, storage: app.storage, logger: app.logger("callvault.archive")).run()
        if json {
            print(try JSONOutput.encode(report))
        } else {
            print("files checked: \(report.filesChecked), \(ByteCountFormatter.string(fromByteCount: report.bytesHashed, countStyle: .file)) hashed")
            for issue in report.issues {
                let detail = issue.expected.map { " (expected \($0), found \(issue.actual ?? "nothing"))" } ?? ""
                print("\(issue.kind.rawValue): \(issue.relativePath)\(detail)")
            }
            print(report.isClean ? "clean" : "\(report.issues.count) issue(s)")
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
