import App
import Compliance
import ArgumentParser
import Essentials
import Foundation
import Transcripts

/// `callvault search QUERY`: find calls by what was said.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the transcripts: words, \"quoted phrases\", -excluded, OR, prefix*.",
        discussion: """
            Prints one line per matching segment: call time, the other party, speaker, the offset in the
            recording, and the text around the match. Dates are ISO 8601 (a plain date means that whole
            day for --to). Phone numbers match in any form, whole or in part.
            """
    )

    @Argument(help: "What was said.")
    var query: String

    @Option(help: "Calls from this time on (ISO 8601 or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Calls up to this time (ISO 8601, or YYYY-MM-DD for that whole day).")
    var to: String?

    @Option(help: "A party's number, whole or in part.")
    var phone: String?

    @Option(help: "A speaker's name, or agent or customer.")
    var speaker: String?

    @Option(help: "inbound or outbound.")
    var direction: String?

    @Option(help: "Only this recording.")
    var recording: String?

    @Option(help: "The most hits to show.")
    var limit = 20

    @Flag(help: "Print JSON: {\"total\": N, \"results\": [...]}.")
    var json = false

    /// What the audit keeps of this search: the query and the filters given.
    func auditDetails(_ total: Int) -> [String: String] {
        var details = ["query": query, "limit": "\(limit)", "total": "\(total)"]
        for (key, value) in [("from", from), ("to", to), ("phone", phone), ("speaker", speaker), ("direction", direction), ("recording", recording)] {
            if let value { details[key] = value }
        }
        return details
    }

    func validate() throws {
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        if let direction, !["inbound", "outbound"].contains(direction.lowercased()) {
            throw ValidationError("--direction must be inbound or outbound")
        }
    }

    func run() async throws {
        let request = SearchRequest(
            query: SearchQuery.parse(query), fromMillis: try Self.time(from, "--from", endOfDay: false),
            toMillis: try Self.time(to, "--to", endOfDay: true), phone: phone, speaker: speaker, direction: direction,
            recordingId: recording, limit: limit)
        let app = try await Bootstrap.application()
        let results: SearchResults
        do {
            results = try await app.use { app in
                let results = try await app.transcripts.search(request)
                try await app.recordAudit(.search, details: auditDetails(results.total))
                return results
            }
        } catch let error as TranscriptError where error.code == .invalidQuery {
            throw CLIError.usage(error.message)
        }
        if json {
            print(try JSONOutput.encode(results))
            return
        }
        let terminal = isatty(STDOUT_FILENO) == 1
        for hit in results.results {
            let other = hit.direction == "Outbound" ? hit.to : hit.from
            let offset = TranscriptRenderer.clock(hit.start)
            print("\(hit.callStart.prefix(16).replacingOccurrences(of: "T", with: " "))  \(other ?? "-")  \(hit.speaker ?? "-")  @\(offset)  \(Self.highlight(hit.snippet, terminal: terminal))  [\(hit.recordingId)]")
        }
        print("\(results.total)\(results.totalIsExact ? "" : "+") match\(results.total == 1 ? "" : "es")\(results.total > results.results.count ? ", \(results.results.count) shown" : "")")
    }

    /// Matches in bold on a terminal, between «» otherwise.
    static func highlight(_ snippet: String, terminal: Bool) -> String {
        guard terminal else { return snippet }
        return snippet.replacingOccurrences(of: String(SearchHit.markStart), with: "\u{1B}[1m")
            .replacingOccurrences(of: String(SearchHit.markEnd), with: "\u{1B}[0m")
    }

    /// Milliseconds for an ISO 8601 time or a plain date (its end, for `endOfDay`).
    static func time(_ text: String?, _ name: String, endOfDay: Bool) throws -> Int64? {
        guard let text else { return nil }
        guard let date = Millis.parse(text) else {
            throw CLIError.usage("\(name) \(text) is not an ISO 8601 time or date like 2025-01-06")
        }
        let plainDate = text.count == 10
        return Millis.from(date) + (endOfDay && plainDate ? 86_400_000 : 0)
    }
}
