import Essentials
public import Foundation
public import Hummingbird
public import Logging
internal import NIOCore
public import ServiceLifecycle
import Synchronization

/// A local RingCentral platform, media host and AI service for tests, benchmarks and `callvault demo`.
///
/// It serves OAuth (JWT and refresh grants, scoped tokens), the call log, recording metadata, subscriptions with the
/// Validation-Token handshake and event delivery, the async AI API and RingSense insights on a platform listener, and
/// recording content (with `Range`) on a separate media listener, all behind RingCentral's throttling groups, error
/// envelopes and a fault injector. Every notion of "now" comes from ``SimulatorConfiguration/clock``, so tests can move
/// time instead of sleeping. It is a `Service`: run it in a `ServiceGroup`, or call ``buildApplication()`` and run or
/// test the application directly.
///
/// ```swift
/// let simulator = RingCentralSimulator(configuration: SimulatorConfiguration())
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await simulator.run() }
///     let endpoints = try await simulator.endpoints()
///     // point the client at endpoints.platformBaseURL; recordings come from endpoints.mediaBaseURL …
///     group.cancelAll()
/// }
/// ```
public final class RingCentralSimulator: Service, Sendable {
    /// The configuration the simulator was created with.
    public let configuration: SimulatorConfiguration
    let logger: Logger
    let tokens: TokenStore
    let limiter: RateLimiter
    let faults = FaultInjector()
    let audio: RecordingAudioStore
    let subscriptions = SubscriptionStore()
    let aiJobs = AIJobStore()
    let webhookClient: WebhookClient
    let scheduler: SimulatorScheduler
    let insightsGenerator: InsightsGenerator
    private let callState: Mutex<[SimulatedCall]>
    private let transcriptOverrides: Mutex<[String: SimulatedTranscript]>
    private let counters = Mutex<Counters>(Counters())
    private let ringSensePolls = Mutex<[String: Int]>([:])
    private let portState = Mutex<PortState>(PortState())

    private struct Counters {
        var routes: [String: Int] = [:]
        var contentBytes = 0
        var deliveries = 0
        var deliveryFailures = 0
        var aiCallbacks = 0
        var events: [String: Int] = [:]
    }

    private struct PortState {
        var platform: Int?
        var media: Int?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<(Int, Int), any Error>] = []

        var both: (Int, Int)? {
            guard let platform, let media else { return nil }
            return (platform, media)
        }
    }

    /// Creates a simulator.
    ///
    /// - Parameters:
    ///   - configuration: Settings; all defaulted.
    ///   - logger: Logger for the HTTP servers and webhook traffic.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration(), logger: Logger = Logger(label: "RingCentralSimulator")) {
        self.configuration = configuration
        self.logger = logger
        let clock = configuration.clock
        self.tokens = TokenStore(clock: clock, accessLifetime: configuration.accessTokenLifetime, refreshLifetime: configuration.refreshTokenLifetime)
        self.limiter = RateLimiter(clock: clock, enabled: configuration.rateLimitingEnabled, budgets: configuration.rateLimits)
        self.audio = RecordingAudioStore(mp3Renderer: configuration.mp3Renderer)
        self.webhookClient = WebhookClient()
        self.scheduler = SimulatorScheduler(clock: clock)
        self.insightsGenerator = InsightsGenerator(accountId: configuration.accountId, extensionId: configuration.extensionId)
        let now = Millis.date(clock.nowMillis())
        let calls = configuration.calls
            ?? CallLogGenerator(options: configuration.generator, extensionId: configuration.extensionId).generate(now: now)
        self.callState = Mutex(calls.sorted { $0.startTime > $1.startTime })
        self.transcriptOverrides = Mutex(configuration.transcripts)
    }

    // MARK: Running

    /// Builds the Hummingbird application of the platform listener; the media listener and the scheduler of timed
    /// events (AI callbacks, played calls, insights events) run as its services.
    ///
    /// Use it with HummingbirdTesting (`app.test(.live)`, which talks to the platform listener) or run it yourself;
    /// ``run()`` does exactly that.
    public func buildApplication() -> some ApplicationProtocol {
        let router = SimulatorRouter(simulator: self)
        let media = Application(
            router: router.buildMediaRouter(),
            configuration: .init(
                address: .hostname(self.configuration.host, port: self.configuration.mediaPort), serverName: "RingCentralSimulatorMedia"
            ),
            onServerRunning: { [self] channel in
                self.listenerStarted(media: true, port: channel.localAddress?.port ?? self.configuration.mediaPort)
            },
            logger: self.logger
        )
        var app = Application(
            router: router.buildRouter(),
            configuration: .init(address: .hostname(self.configuration.host, port: self.configuration.port), serverName: "RingCentralSimulator"),
            onServerRunning: { [self] channel in
                self.listenerStarted(media: false, port: channel.localAddress?.port ?? self.configuration.port)
            },
            logger: self.logger
        )
        app.addServices(media, self.scheduler)
        return app
    }

    /// Runs the simulator until cancelled or gracefully shut down.
    ///
    /// - Throws: When a listener can't start (for example the port is taken); callers waiting in ``endpoints()``
    ///   get the same error.
    public func run() async throws {
        do {
            try await self.buildApplication().run()
        } catch {
            let waiters = self.portState.withLock { state in
                state.failure = error
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters {
                waiter.resume(throwing: error)
            }
            throw error
        }
    }

    private func listenerStarted(media: Bool, port: Int) {
        let (waiters, ports) = self.portState.withLock { state -> ([CheckedContinuation<(Int, Int), any Error>], (Int, Int)?) in
            if media { state.media = port } else { state.platform = port }
            guard let both = state.both else { return ([], nil) }
            defer { state.waiters = [] }
            return (state.waiters, both)
        }
        if let ports {
            for waiter in waiters {
                waiter.resume(returning: ports)
            }
        }
    }

    /// Waits until both listeners are listening and returns their URLs.
    ///
    /// - Throws: The start-up error if ``run()`` failed before the listeners were up.
    public func endpoints() async throws -> SimulatorEndpoints {
        let ports: (Int, Int) = try await withCheckedThrowingContinuation { continuation in
            let known: Result<(Int, Int), any Error>? = self.portState.withLock { state in
                if let both = state.both { return .success(both) }
                if let failure = state.failure { return .failure(failure) }
                state.waiters.append(continuation)
                return nil
            }
            if let known {
                continuation.resume(with: known)
            }
        }
        return self.endpoints(port: ports.0, mediaPort: ports.1)
    }

    func endpoints(port: Int, mediaPort: Int) -> SimulatorEndpoints {
        SimulatorEndpoints(
            port: port,
            mediaPort: mediaPort,
            platformBaseURL: self.configuration.platformBaseURL.replacingOccurrences(of: "{port}", with: String(port)),
            mediaBaseURL: self.configuration.mediaBaseURL.replacingOccurrences(of: "{port}", with: String(mediaPort))
        )
    }

    private var currentEndpoints: SimulatorEndpoints {
        let ports = self.portState.withLock { ($0.platform, $0.media) }
        return self.endpoints(port: ports.0 ?? self.configuration.port, mediaPort: ports.1 ?? self.configuration.mediaPort)
    }

    /// Platform base URL once running (the configured host form with the real port).
    var platformBase: String { self.currentEndpoints.platformBaseURL }

    /// Media base URL once running.
    var mediaBase: String { self.currentEndpoints.mediaBaseURL }

    /// The bound ports, once known.
    var boundPorts: (platform: Int?, media: Int?) {
        self.portState.withLock { ($0.platform, $0.media) }
    }

    // MARK: Time

    /// Now on the configured clock.
    var now: Date { Millis.date(self.configuration.clock.nowMillis()) }

    /// Waits until every timed event whose time has come on the configured clock (AI callbacks, the events of played
    /// calls, insights events) has been delivered.
    ///
    /// With a `ManualTimeSource`, advance the clock and then `await settle()` to observe the deliveries. Call it only
    /// while the simulator runs: the events are delivered by its scheduler service.
    public func settle() async {
        while !self.scheduler.isSettled {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    // MARK: Calls

    /// The current call set, newest first (including calls whose call-log record is not visible yet).
    public var calls: [SimulatedCall] {
        self.callState.withLock { $0 }
    }

    /// Calls whose call-log record exists now: ended at least ``SimulatorConfiguration/callLogDelay`` ago.
    var visibleCalls: [SimulatedCall] {
        let now = self.now
        return self.calls.filter { self.isVisible($0, now: now) }
    }

    func isVisible(_ call: SimulatedCall, now: Date) -> Bool {
        call.endTime.addingTimeInterval(self.configuration.callLogDelay) <= now
    }

    /// Replaces the call set (and forgets cached audio).
    public func setCalls(_ calls: [SimulatedCall]) {
        self.callState.withLock { $0 = calls.sorted { $0.startTime > $1.startTime } }
        self.audio.removeAll()
    }

    /// Adds one call (without events; see ``playCall(_:)``).
    public func addCall(_ call: SimulatedCall) {
        self.callState.withLock { state in
            state.append(call)
            state.sort { $0.startTime > $1.startTime }
        }
    }

    /// Finds a recording (top-level or leg) by id, with its call, whether or not its call-log record is visible yet.
    public func recording(id: String) -> (call: SimulatedCall, recording: SimulatedRecording)? {
        self.callState.withLock { calls in
            for call in calls {
                if let recording = call.allRecordings.first(where: { $0.id == id }) {
                    return (call, recording)
                }
            }
            return nil
        }
    }

    /// The `Content-Type` a recording is served with: `audio/mpeg`, `audio/wav`, or for a deterministic share of WAV
    /// recordings (``SimulatorConfiguration/legacyWAVContentTypeFraction``) `audio/x-wav`.
    func contentType(for recording: SimulatedRecording) -> String {
        let format = self.audio.servedFormat(for: recording)
        guard format.isWAV else { return format.contentType }
        var random = SeededGenerator(string: recording.id, salt: 0x782d_7761)
        return random.unit() < self.configuration.legacyWAVContentTypeFraction ? "audio/x-wav" : format.contentType
    }

    /// The exact bytes the content endpoint serves for a recording, and their `Content-Type`.
    ///
    /// - Throws: When the recording is unknown or can't be rendered.
    public func audioContent(recordingId: String) async throws -> (bytes: [UInt8], contentType: String) {
        guard let found = self.recording(id: recordingId) else {
            throw SimulatorError.notFound(parameter: "recordingId")
        }
        let rendered = try await self.audio.audio(for: found.recording)
        return (rendered.bytes, self.contentType(for: found.recording))
    }

    // MARK: Transcripts and insights

    /// Forces the transcript of a recording (a fixture), replacing the generated one and any earlier override.
    ///
    /// - Parameters:
    ///   - transcript: The lines; `nil` restores the generated transcript.
    ///   - recordingId: The recording.
    public func setTranscript(_ transcript: SimulatedTranscript?, forRecording recordingId: String) {
        self.transcriptOverrides.withLock { $0[recordingId] = transcript }
    }

    /// The timed utterances of a recording, exactly as RingSense and the AI API serve them; `nil` for an unknown
    /// recording.
    public func utterances(recordingId: String) -> [SimulatedUtterance]? {
        guard let found = self.recording(id: recordingId) else { return nil }
        return self.recordingTranscript(call: found.call, recording: found.recording).utterances
    }

    /// When each version of a recording's RingSense insights becomes available (one or two dates, on the configured
    /// clock's time line); empty for an unknown recording.
    public func insightsAvailability(recordingId: String) -> [Date] {
        guard let found = self.recording(id: recordingId) else { return [] }
        return self.insightsVersions(call: found.call, recording: found.recording).map(\.lastModifiedTime)
    }

    func recordingTranscript(call: SimulatedCall, recording: SimulatedRecording) -> RecordingTranscript {
        let forced = self.transcriptOverrides.withLock { $0[recording.id] }
        return RecordingTranscript(call: call, recording: recording, forced: forced)
    }

    /// Every version of a recording's insights (see ``InsightsVersion``).
    func insightsVersions(call: SimulatedCall, recording: SimulatedRecording) -> [InsightsVersion] {
        let created = call.endTime(of: recording).addingTimeInterval(self.configuration.insightsDelay)
        var versions = [InsightsVersion(number: 1, creationTime: created, lastModifiedTime: created)]
        var random = SeededGenerator(string: recording.id, salt: 0x7265_7669)
        if random.unit() < self.configuration.insightsRevisionFraction {
            versions.append(
                InsightsVersion(number: 2, creationTime: created, lastModifiedTime: created.addingTimeInterval(self.configuration.insightsRevisionDelay))
            )
        }
        return versions
    }

    /// The newest version available now, if any.
    func insightsVersion(call: SimulatedCall, recording: SimulatedRecording) -> InsightsVersion? {
        let now = self.now
        return self.insightsVersions(call: call, recording: recording).last { $0.lastModifiedTime <= now }
    }

    // MARK: Faults

    /// Queues a fault for upcoming requests.
    public func inject(_ fault: SimulatorFault) {
        self.faults.inject(fault)
    }

    /// Drops every pending fault.
    public func clearFaults() {
        self.faults.clear()
    }

    /// Number of faults still pending.
    public var pendingFaultCount: Int {
        self.faults.pendingCount
    }

    // MARK: AI

    /// Finishes every AI job that is still `InProgress` now (status turns `Success` or `Fail`, callbacks are posted),
    /// regardless of ``SimulatorConfiguration/aiJobDelay``.
    public func completeAIJobs() {
        let nowMillis = self.configuration.clock.nowMillis()
        for job in self.aiJobs.completeAll(now: Millis.date(nowMillis)) {
            self.scheduler.schedule(atMillis: nowMillis) { [self] in
                await self.sendAICallback(jobId: job.jobId)
            }
        }
    }

    /// Posts a finished job's result to its webhook, at most once per job.
    func sendAICallback(jobId: String) async {
        guard let job = self.aiJobs.claimCallback(jobId, now: self.now) else { return }
        let outcome = await self.webhookClient.post(
            job.webhook,
            headers: ["Content-Type": "application/json", "RCRequestId": job.jobId],
            body: job.json(now: job.readyTime).serializedBytes(),
            timeout: self.configuration.webhookDeliveryTimeout
        )
        self.counters.withLock {
            $0.aiCallbacks += 1
            $0.deliveries += 1
            if !(200..<300).contains(outcome.status ?? 0) { $0.deliveryFailures += 1 }
        }
    }

    // MARK: Stats

    /// Current counters.
    public func stats() -> SimulatorStats {
        let counters = self.counters.withLock { $0 }
        return SimulatorStats(
            groups: self.limiter.stats(),
            routes: counters.routes,
            faultsFired: self.faults.firedCounts,
            contentBytesServed: counters.contentBytes,
            webhookDeliveries: counters.deliveries,
            webhookDeliveryFailures: counters.deliveryFailures,
            aiCallbacks: counters.aiCallbacks,
            eventDeliveries: counters.events
        )
    }

    /// Clears rate-limit windows, penalties and counters.
    public func resetRateLimits() {
        self.limiter.reset()
    }

    func countRoute(_ name: String) {
        self.counters.withLock { $0.routes[name, default: 0] += 1 }
    }

    func countContentBytes(_ count: Int) {
        self.counters.withLock { $0.contentBytes += count }
    }

    func countDelivery(failed: Bool, event: String) {
        self.counters.withLock {
            $0.deliveries += 1
            $0.events[event, default: 0] += 1
            if failed { $0.deliveryFailures += 1 }
        }
    }

    /// Counts a RingSense poll; returns `true` while the insights are still "not ready" by poll count.
    func ringSenseStillProcessing(recordingId: String) -> Bool {
        self.ringSensePolls.withLock { polls in
            let count = polls[recordingId, default: 0]
            polls[recordingId] = count + 1
            return count < self.configuration.ringSenseNotReadyPolls
        }
    }
}
