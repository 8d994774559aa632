import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault hold add ID... --reason TEXT` or `hold add --phone NUMBER --reason TEXT`.
struct HoldAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Hold recordings by id, or every current and future recording with a phone number.",
        discussion: "Numbers are stored in E.164 form however they are written (see callvault erase --help)."
    )

    @Argument(help: "Recording ids.")
    var ids: [String] = []

    @Option(help: "A party's phone number: holds every recording of a call with it, also those archived later.")
    var phone: String?

    @Option(help: "Why (a matter or case reference); shown in every refusal.")
    var reason: String

    @Flag(help: "Print the holds placed as JSON.")
    var json = false

    func validate() throws {
        guard (phone == nil) != ids.isEmpty else { throw ValidationError("give recording ids or --phone NUMBER, not both") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let placed: [LegalHold] = try await app.use { app in
            let actor = CallvaultApplication.cliActor
            let now = app.clock.nowMillis()
            var placed: [LegalHold] = []
            do {
                if let phone {
                    let number = try PhoneNumber.e164(phone, country: app.configuration.phoneCountry)
                    placed.append(try await app.compliance.addHold(recordingId: nil, phone: number, reason: reason, createdBy: actor, at: now))
                } else {
                    for id in ids {
                        placed.append(try await app.compliance.addHold(recordingId: id, phone: nil, reason: reason, createdBy: actor, at: now))
                    }
                }
            } catch let error as ComplianceError {
                for hold in placed { try await Self.audit(app, .holdAdd, hold) }
                throw error.code == .invalidArgument ? CLIError.usage(error.message) : CLIError.failure(error.message)
            }
            for hold in placed { try await Self.audit(app, .holdAdd, hold) }
            return placed
        }
        if json {
            print(try JSONOutput.encode(placed))
        } else {
            for hold in placed {
                print("\(hold.label) placed on \(hold.recordingId.map { "recording \($0)" } ?? "every recording with \(hold.phone ?? "")")")
            }
        }
    }

    /// The audit entry of a hold change; a number appears only as its keyed hash.
    static func audit(_ app: CallvaultApplication, _ action: AuditAction, _ hold: LegalHold) async throws {
        var details = ["hold": "\(hold.id)", "reason": hold.reason]
        if let phone = hold.phone { details["phone"] = app.phoneDigest.digest(e164: phone) }
        try await app.recordAudit(action, recordingId: hold.recordingId, details: details)
    }
}
