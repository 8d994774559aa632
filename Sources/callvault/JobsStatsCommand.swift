import App
import Essentials
import ArgumentParser
import JobQueue

/// `callvault jobs stats`: counts by kind and state, and the oldest runnable job's age.
struct JobsStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts by kind and state, and the age of the oldest runnable job."
    )

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.application()
        let queue = app.queue
        let stats = try await queue.stats()
        if json {
            print(try JSONOutput.encode(stats))
            return
        }
        let states = JobState.allCases.map(\.rawValue)
        var rows = [["kind"] + states]
        for kind in stats.kinds {
            rows.append([kind.kind] + states.map { String(kind.states[$0] ?? 0) })
        }
        rows.append(["total"] + states.map { String(stats.totals[$0] ?? 0) })
        print(TextTable.render(rows))
        print("oldest runnable: " + (stats.oldestRunnableAgeMillis.map { Durations.describe(millis: $0) } ?? "none"))
        for limit in stats.rateLimits {
            var line = "rate limit \(limit.key): \(limit.available)/\(limit.limit) per \(Durations.describe(millis: limit.windowMillis))"
            if let paused = limit.pausedUntil { line += ", paused until \(Millis.iso8601(paused))" }
            print(line)
        }
    }
}
