import Essentials
import App
import ArgumentParser
import Essentials
import Foundation
import Logging
import Pipeline
import RingCentral

/// `callvault sync`: fetch the call log for a window, store calls, enqueue downloads.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the RingCentral call log for a time window; store calls and enqueue recording downloads.",
        discussion: """
            Needs RINGCENTRAL_SERVER_URL (default https://platform.ringcentral.com), RINGCENTRAL_CLIENT_ID,
            RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT. The default window is the last 24 hours.
            Every call-log page is a Heavy request (10 per minute by default). Run `callvault work --drain`
            afterwards to download what was enqueued.
            """
    )

    @Option(help: "Start of the window (ISO 8601, e.g. 2025-01-06T00:00:00Z).")
    var from: String?

    @Option(help: "End of the window (ISO 8601); default now.")
    var to: String?

    @Option(help: "The window is the last N hours (instead of --from/--to).")
    var hours: Double?

    @Option(help: "Only inbound or outbound calls.")
    var direction: Direction?

    @Flag(help: "Fetch and classify, write nothing, print what would be done.")
    var dryRun = false

    @Flag(help: "Log requests and rate-limit decisions (secrets are never logged).")
    var debug = false

    @Flag(help: "Print the statistics as JSON.")
    var json = false

    enum Direction: String, ExpressibleByArgument, CaseIterable {
        case inbound, outbound
    }

    func validate() throws {
        if hours != nil && (from != nil || to != nil) {
            throw ValidationError("use either --hours or --from/--to, not both")
        }
        if let hours, hours <= 0 { throw ValidationError("--hours must be positive") }
    }

    func window(now: Date = Date()) throws -> (Date, Date) {
        func parse(_ text: String, _ name: String) throws -> Date {
            guard let date = Millis.parse(text) else {
                throw CLIError.usage("\(name) \(text) is not an ISO 8601 time like 2025-01-06T10:30:00Z")
            }
            return date
        }
        let end = try to.map { try parse($0, "--to") } ?? now
        let start = try from.map { try parse($0, "--from") } ?? end.addingTimeInterval(-(hours ?? 24) * 3600)
        guard start < end else { throw CLIError.usage("the window is empty: --from must be before --to") }
        return (start, end)
    }

    func run() async throws {
        let (start, end) = try window()
        let app = try await Bootstrap.application(requireRingCentral: true, logLevel: debug ? .debug : nil)
        guard let pipeline = app.pipeline else { throw CLIError.configuration("RingCentral is not configured") }
        try await app.use { app in
            let query = CallLogQuery(
                dateFrom: start, dateTo: end, directions: direction.map { [$0 == .inbound ? "Inbound" : "Outbound"] } ?? []
            )
            let sync = CallLogSync(client: pipeline.client, queue: app.queue, catalog: app.catalog, logger: app.logger("callvault.sync"))
            let progress = Progress(enabled: !json)
            let statistics: SyncStatistics
            do {
                statistics = try await sync.run(query, dryRun: dryRun) { progress.update("page \($0.pages): \($0.callsSeen) calls, \($0.recordingsFound) recordings") }
            } catch let error as RingCentralError {
                progress.finish()
                throw CLIError(code: error.code == .configuration || error.code == .authentication ? .configuration : .failure, message: error.description)
            }
            progress.finish()
            if json {
                print(try JSONOutput.encode(statistics))
                return
            }
            let formatter = ISO8601DateFormatter()
            print("\(dryRun ? "dry run: " : "")window \(formatter.string(from: start)) … \(formatter.string(from: end))")
            print("pages fetched:     \(statistics.pages)")
            print("calls seen:        \(statistics.callsSeen) (\(statistics.newCalls) new, \(statistics.updatedCalls) updated)")
            let outcomes = CallQualification.Outcome.allCases.map { "\($0.rawValue) \(statistics.byQualification[$0.rawValue] ?? 0)" }
            print("by qualification:  " + outcomes.joined(separator: ", "))
            print("recordings found:  \(statistics.recordingsFound) (+\(statistics.shortRecordings) too short to keep)")
            print("jobs \(dryRun ? "to enqueue" : "enqueued"):     \(statistics.jobsEnqueued)")
            print("already known:     \(statistics.alreadyKnown)")
            if statistics.knownFailures > 0 { print("failed before:     \(statistics.knownFailures) (see callvault jobs list --state dead)") }
        }
    }
}
