import Archive
import Essentials
import Foundation
import JobQueue
import Logging
import Pipeline
import RingCentral
public import RingCentralSimulator
public import ServiceLifecycle
import Transcripts

/// `callvault demo` as a service: waits for the simulator (a sibling service in the same group)
/// to listen, switches on its demo faults, builds the application against it through the
/// composition root, syncs a day of calls and runs the same workers as `callvault work --drain`
/// until the queue is drained; then the group shuts down.
public struct DemoService: Service {
    let simulator: RingCentralSimulator
    let configuration: CallvaultConfiguration
    let workers: Int
    let markupTranscript: Bool
    let say: @Sendable (String) -> Void
    let progress: @Sendable (String?) -> Void

    /// - Parameters:
    ///   - simulator: The simulator, run by the same group.
    ///   - configuration: The settings; RingCentral's are replaced by the simulator's.
    ///   - workers: Jobs at once.
    ///   - markupTranscript: Give one recording the simulator's transcript full of markup
    ///     (`<script>`, `<img onerror=…>`), to check that pages show it as text.
    ///   - say: Prints a line of the report.
    ///   - progress: Shows a progress line, or clears it when `nil`.
    public init(
        simulator: RingCentralSimulator, configuration: CallvaultConfiguration, workers: Int, markupTranscript: Bool = false,
        say: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (String?) -> Void
    ) {
        self.simulator = simulator
        self.configuration = configuration
        self.workers = workers
        self.markupTranscript = markupTranscript
        self.say = say
        self.progress = progress
    }

    public func run() async throws {
        let endpoints = try await simulator.endpoints()
        simulator.injectDemoFaults()
        if markupTranscript {
            // The second recording by id: the demo faults start at the first.
            let ids = simulator.calls.flatMap(\.allRecordings).map(\.id).sorted()
            if let id = ids.dropFirst().first ?? ids.first {
                simulator.setTranscript(.htmlInjection, forRecording: id)
                say("markup transcript: recording \(id)")
            }
        }
        var configuration = self.configuration
        let settings = simulator.configuration
        configuration.ringCentral = RingCentralConfiguration(
            serverURL: endpoints.platformBaseURL, clientId: settings.clientId, clientSecret: settings.clientSecret,
            jwt: settings.acceptedJWTs[0])
        configuration.ringCentralProblem = nil
        let app = try await CallvaultApplication.build(configuration, options: .init(requireRingCentral: true))
        try await app.use { app in
            guard let pipeline = app.pipeline else { return }
            let started = app.clock.nowMillis()
            let sync = CallLogSync(client: pipeline.client, queue: app.queue, catalog: app.catalog, logger: app.logger("callvault.sync"))
            let query = CallLogQuery(dateFrom: Millis.date(started - 86_400_000), dateTo: Millis.date(started))
            let statistics = try await sync.run(query)
            say(
                "synced \(statistics.callsSeen) calls: \(statistics.recordingsFound) recordings, "
                    + "\(statistics.jobsEnqueued) to download, \(statistics.alreadyKnown) already archived")

            let changed = Wakeup()
            var options = JobProcessorConfiguration(workers: workers, drain: true, drainHorizonMillis: 60_000, runSchedules: false)
            options.onOutcomes = { _ in changed.signal() }
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    // Refreshes the progress line whenever outcomes were recorded.
                    while !Task.isCancelled {
                        if let stats = try? await app.queue.stats() { progress(PipelineReport.progressLine(stats)) }
                        await changed.wait(timeoutMillis: 86_400_000)
                    }
                }
                try await app.worker(options).run()
                tasks.cancelAll()
            }
            progress(nil)
            let report = try await PipelineReport.make(catalog: app.catalog, queue: app.queue)
            say("")
            say(report.render(location: app.storage.location))
            let search = try await app.transcripts.search(SearchRequest(query: SearchQuery.parse("refund"), limit: 3))
            say("search:     callvault search refund → \(search.total) matches, e.g.")
            for hit in search.results {
                say("  [\(hit.recordingId) @\(TranscriptRenderer.clock(hit.start))] \(hit.speaker ?? "-"): \(hit.snippet)")
            }
            let elapsed = Double(app.clock.nowMillis() - started) / 1000
            let heavy = simulator.stats().groups[.heavy]?.requests ?? 0
            say("took:       \(String(format: "%.1f", elapsed)) s, \(heavy) Heavy requests to the simulator")
        }
    }
}
