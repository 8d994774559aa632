import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault audit [list]`: print entries.
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print audit entries, oldest first.")

    @Option(help: "Entries from this time on (ISO 8601 or YYYY-MM-DD).")
    var since: String?

    @Option(help: "Entries about this recording.")
    var recording: String?

    @Option(help: "Entries of this action (stream, search, export, hold.add, erase, retention, …; erase. for the family).")
    var action: String?

    @Option(help: "The most entries to print.")
    var limit = 10_000

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print CSV (seq, at, action, actor, recording, details, hash).")
    var csv = false

    func validate() throws {
        guard !(json && csv) else { throw ValidationError("choose --json or --csv, not both") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let sinceMillis = try SearchCommand.time(since, "--since", endOfDay: false)
        let app = try await Bootstrap.application()
        let entries = try await app.use { app in
            try await app.audit.entries(AuditQuery(sinceMillis: sinceMillis, recordingId: recording, action: action, limit: limit))
        }
        if json {
            print(try JSONOutput.encode(entries))
        } else if csv {
            print("seq,at,action,actor,recording,details,previous_hash,hash")
            for entry in entries {
                let details = entry.event.details.keys.sorted().map { "\($0)=\(entry.event.details[$0] ?? "")" }.joined(separator: "; ")
                print(
                    [
                        "\(entry.seq)", Millis.iso8601(entry.event.at), entry.event.action.rawValue, entry.event.actor,
                        entry.event.recordingId ?? "", details, entry.previousHash, entry.hash,
                    ].map(Self.csvField).joined(separator: ","))
            }
        } else {
            for entry in entries {
                let details = entry.event.details.keys.sorted().map { "\($0)=\(entry.event.details[$0] ?? "")" }.joined(separator: " ")
                print(
                    "\(entry.seq)  \(Millis.iso8601(entry.event.at))  \(entry.event.action)  \(entry.event.actor)  \(entry.event.recordingId ?? "-")  \(details)")
            }
        }
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
