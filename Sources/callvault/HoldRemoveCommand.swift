import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault hold remove ID...|--phone NUMBER`.
struct HoldRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove the holds on recordings, or on a phone number.")

    @Argument(help: "Recording ids.")
    var ids: [String] = []

    @Option(help: "A party's phone number, written any way.")
    var phone: String?

    func validate() throws {
        guard (phone == nil) != ids.isEmpty else { throw ValidationError("give recording ids or --phone NUMBER, not both") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let removed: [LegalHold] = try await app.use { app in
            let removed: [LegalHold]
            if let phone {
                let number: String
                do {
                    number = try PhoneNumber.e164(phone, country: app.configuration.phoneCountry)
                } catch let error as ComplianceError {
                    throw CLIError.usage(error.message)
                }
                removed = try await app.compliance.removeHolds(phone: number)
            } else {
                removed = try await app.compliance.removeHolds(recordingIds: ids)
            }
            for hold in removed { try await HoldAddCommand.audit(app, .holdRemove, hold) }
            return removed
        }
        for hold in removed { print("\(hold.label) removed") }
        if removed.isEmpty { throw CLIError.failure("no hold matched; nothing was removed (callvault hold list shows the holds)") }
    }
}
