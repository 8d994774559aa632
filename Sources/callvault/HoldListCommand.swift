import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault hold list [--json]`.
struct HoldListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the legal holds.")

    @Flag(help: "Print the holds as JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let holds = try await app.use { app in try await app.compliance.holds() }
        if json {
            print(try JSONOutput.encode(holds))
            return
        }
        if holds.isEmpty {
            print("no holds")
            return
        }
        var rows = [["HOLD", "ON", "PLACED", "BY", "REASON"]]
        for hold in holds {
            rows.append([
                "\(hold.id)", hold.recordingId.map { "recording \($0)" } ?? "phone \(hold.phone ?? "")", Millis.iso8601(hold.createdAt),
                hold.createdBy, hold.reason,
            ])
        }
        print(TextTable.render(rows))
    }
}
