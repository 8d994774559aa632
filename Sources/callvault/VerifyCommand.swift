import App
import ArgumentParser
import Archive
import Foundation

/// `callvault verify [--repair]`: re-hash stored files against the catalog; remove leftovers.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every stored file against the catalog and report drift (exit 1 when any).",
        discussion: """
            Reports missing files, size and hash mismatches, and files in recordings/ the catalog does not know \
            (in the local tree or the object store of CALLVAULT_STORAGE_URL). --repair removes those untracked \
            files (leftovers of a filing that never reached the catalog); missing or damaged files stay reported.
            """
    )

    @Flag(help: "Remove files under recordings/ that no catalog row points at.")
    var repair = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let (report, removed) = try await app.use { app in
            let verifier = Verifier(catalog: app.catalog, transcripts: app.transcripts, storage: app.storage, logger: app.logger("callvault.archive"))
            let report = try await verifier.run()
            guard repair else { return (report, [String]()) }
            let repairer = ArchiveRepairer(
                catalog: app.catalog, transcripts: app.transcripts, storage: app.storage, locks: app.archive.locks,
                logger: app.logger("callvault.archive"))
            return (report, try await repairer.repair(report))
        }
        let removedSet = Set(removed)
        let remaining = report.issues.filter { !($0.kind == .untracked && removedSet.contains($0.relativePath)) }
        if json {
            var output = report
            output.issues = remaining
            print(try JSONOutput.encode(VerifyOutput(report: output, removed: removed)))
        } else {
            print("files checked: \(report.filesChecked), \(ByteCountFormatter.string(fromByteCount: report.bytesHashed, countStyle: .file)) hashed")
            for issue in report.issues {
                let detail = issue.expected.map { " (expected \($0), found \(issue.actual ?? "nothing"))" } ?? ""
                let repaired = removedSet.contains(issue.relativePath) && issue.kind == .untracked ? " [removed]" : ""
                print("\(issue.kind.rawValue): \(issue.relativePath)\(detail)\(repaired)")
            }
            if repair { print("removed \(removed.count) untracked file(s)") }
            print(remaining.isEmpty ? "clean" : "\(remaining.count) issue(s)")
        }
        if !remaining.isEmpty { throw ExitCode(1) }
    }
}
