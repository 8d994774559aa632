import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault audit verify`: check the hash chain; exit 1 at the first broken link.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every link of the audit's hash chain (exit 1 at the first broken one, naming it).",
        discussion: "Prints the head hash: keep it elsewhere to detect, later, entries removed from the end."
    )

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let result = try await app.use { app in try await AuditVerifier(log: app.audit).run() }
        if json {
            print(try JSONOutput.encode(result))
        } else if result.isIntact {
            print("audit chain intact: \(result.entries) entries, head \(result.head)")
        } else {
            print("audit chain broken at entry \(result.brokenAt ?? 0) after \(result.entries) intact entries (head \(result.head))")
        }
        if let problem = result.problem {
            throw CLIError.failure("audit chain broken at entry \(result.brokenAt ?? 0): \(problem)")
        }
    }
}
