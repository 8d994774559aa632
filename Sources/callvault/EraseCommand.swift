import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault erase --phone P | --recording ID...`: erasure on request.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase everything stored about the calls with a phone number, or about recordings by id.",
        discussion: """
            Numbers are matched in E.164 form however they are written (+1 (650) 555-0100, 16505550100,
            650-555-0100; numbers without + are read in CALLVAULT_PHONE_COUNTRY, default US). Deletes exactly
            what retention deletes. Recordings under a legal hold are refused with the hold's reason and the
            rest proceed; the exit status is then 1. The audit keeps the number only as a keyed hash.
            """
    )

    @Option(help: "A party's phone number, written any way.")
    var phone: String?

    @Option(parsing: .upToNextOption, help: "Recording ids.")
    var recording: [String] = []

    @Flag(help: "Print what would be erased; change nothing.")
    var dryRun = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard (phone == nil) != recording.isEmpty else {
            throw ValidationError("give either --phone NUMBER or --recording ID..., not both")
        }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let report: DeletionReport = try await app.use { app in
            let plan: DeletionPlan
            do {
                if let phone {
                    plan = try await app.eraser.planErasure(phone: phone)
                } else {
                    plan = try await app.eraser.planErasure(recordingIds: recording)
                }
            } catch let error as ComplianceError where error.code == .invalidArgument {
                throw CLIError.usage(error.message)
            }
            if dryRun { return try await app.eraser.preview(plan) }
            let progress = Progress()
            defer { progress.finish() }
            return try await app.eraser.execute(plan, actor: CallvaultApplication.cliActor) { done, total in
                progress.update("erase: \(done)/\(total) recordings deleted")
            }
        }
        if json {
            print(try JSONOutput.encode(report))
        } else {
            for line in DeletionOutput.lines(report) { print(line) }
        }
        for held in report.held {
            FileHandle.standardError.write(Data("callvault: refused: \(held.refusal)\n".utf8))
        }
        if !report.held.isEmpty || !report.notFound.isEmpty { throw ExitCode(1) }
    }
}
