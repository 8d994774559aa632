import Foundation
public import Hummingbird
public import Logging
internal import NIOCore
public import ServiceLifecycle
import Synchronization

/// A local RingCentral platform, media host and AI service for tests, benchmarks and `callvault demo`.
///
/// It serves OAuth (JWT and refresh grants), the call log, recording metadata and content (with `Range`),
/// subscriptions with the Validation-Token handshake and event delivery, the AI async API and RingSense insights,
/// all behind RingCentral's throttling groups, error envelopes and a fault injector. It is a `Service`: run it in a
/// `ServiceGroup`, or call ``buildApplication()`` and test the application directly.
///
/// ```swift
/// let simulator = RingCentralSimulator(configuration: SimulatorConfiguration())
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await simulator.run() }
///     let endpoints = try await simulator.endpoints()
///     // point the client at endpoints.platformBaseURL …
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
    private let callState: Mutex<[SimulatedCall]>
    private let counters = Mutex<(routes: [String: Int], contentBytes: Int, deliveries: Int, deliveryFailures: Int)>(([:], 0, 0, 0))
    private let ringSensePolls = Mutex<[String: Int]>([:])
    private let portState = Mutex<(port: Int?, failure: (any Error)?, waiters: [CheckedContinuation<Int, any Error>])>((nil, nil, []))
    let aiCompletions = Mutex<AsyncStream<AIJobStore.Job>.Continuation?>(nil)

    /// Creates a simulator.
    ///
    /// - Parameters:
    ///   - configuration: Settings; all defaulted.
    ///   - logger: Logger for the HTTP server and webhook traffic.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration(), logger: Logger = Logger(label: "RingCentralSimulator")) {
        self.configuration = configuration
        self.logger = logger
        self.tokens = TokenStore(accessLifetime: configuration.accessTokenLifetime, refreshLifetime: configuration.refreshTokenLifetime)
        self.limiter = RateLimiter(enabled: configuration.rateLimitingEnabled, budgets: configuration.rateLimits)
        self.audio = RecordingAudioStore(mp3Renderer: configuration.mp3Renderer)
        self.webhookClient = WebhookClient()
        let calls = configuration.calls ?? CallLogGenerator(options: configuration.generator, extensionId: configuration.extensionId).generate()
        self.callState = Mutex(calls.sorted { $0.startTime > $1.startTime })
    }

    // MARK: Running

    /// Builds the Hummingbird application (router, server configuration, AI callback dispatcher).
    ///
    /// Use it with HummingbirdTesting (`app.test(.live)`) or run it yourself; ``run()`` does exactly that.
    public func buildApplication() -> some ApplicationProtocol {
        let router = SimulatorRouter(simulator: self).buildRouter()
        let (stream, continuation) = AsyncStream<AIJobStore.Job>.makeStream()
        self.aiCompletions.withLock { $0 = continuation }
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(self.configuration.host, port: self.configuration.port), serverName: "RingCentralSimulator"),
            onServerRunning: { [self] channel in
                self.serverStarted(port: channel.localAddress?.port ?? self.configuration.port)
            },
            logger: self.logger
        )
        app.addServices(AICallbackDispatcher(simulator: self, jobs: stream))
        return app
    }

    /// Runs the simulator until cancelled or gracefully shut down.
    ///
    /// - Throws: When the server can't start (for example the port is taken); callers waiting in ``endpoints()``
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

    private func serverStarted(port: Int) {
        let waiters = self.portState.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.resume(returning: port)
        }
    }

    /// Waits until the server is listening and returns its URLs.
    ///
    /// - Throws: The start-up error if ``run()`` failed before the server was listening.
    public func endpoints() async throws -> SimulatorEndpoints {
        let port: Int = try await withCheckedThrowingContinuation { continuation in
            let known: Result<Int, any Error>? = self.portState.withLock { state in
                if let port = state.port { return .success(port) }
                if let failure = state.failure { return .failure(failure) }
                state.waiters.append(continuation)
                return nil
            }
            if let known {
                continuation.resume(with: known)
            }
        }
        return self.endpoints(port: port)
    }

    func endpoints(port: Int) -> SimulatorEndpoints {
        SimulatorEndpoints(
            port: port,
            platformBaseURL: self.configuration.platformBaseURL.replacingOccurrences(of: "{port}", with: String(port)),
            mediaBaseURL: self.configuration.mediaBaseURL.replacingOccurrences(of: "{port}", with: String(port))
        )
    }

    /// Platform base URL once running (the configured host form with the real port).
    var platformBase: String {
        self.endpoints(port: self.portState.withLock { $0.port } ?? self.configuration.port).platformBaseURL
    }

    var mediaBase: String {
        self.endpoints(port: self.portState.withLock { $0.port } ?? self.configuration.port).mediaBaseURL
    }

    // MARK: Calls

    /// The current call set, newest first.
    public var calls: [SimulatedCall] {
        self.callState.withLock { $0 }
    }

    /// Replaces the call set (and forgets cached audio).
    public func setCalls(_ calls: [SimulatedCall]) {
        self.callState.withLock { $0 = calls.sorted { $0.startTime > $1.startTime } }
        self.audio.removeAll()
    }

    /// Adds one call.
    public func addCall(_ call: SimulatedCall) {
        self.callState.withLock { state in
            state.append(call)
            state.sort { $0.startTime > $1.startTime }
        }
    }

    /// Finds a recording (top-level or leg) by id, with its call.
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

    /// The exact bytes the content endpoint serves for a recording, and their `Content-Type`.
    ///
    /// - Throws: When the recording is unknown or can't be rendered.
    public func audioContent(recordingId: String) async throws -> (bytes: [UInt8], contentType: String) {
        guard let found = self.recording(id: recordingId) else {
            throw SimulatorError.notFound(parameter: "recordingId")
        }
        let rendered = try await self.audio.audio(for: found.recording)
        return (rendered.bytes, rendered.format.contentType)
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

    /// Finishes every AI job that is still `InProgress` now (status turns `Success`, callbacks are posted),
    /// regardless of ``SimulatorConfiguration/aiJobDelay``.
    public func completeAIJobs() {
        let jobs = self.aiJobs.completeAll()
        self.aiCompletions.withLock { continuation in
            for job in jobs {
                continuation?.yield(job)
            }
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
            webhookDeliveryFailures: counters.deliveryFailures
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

    func countDelivery(failed: Bool) {
        self.counters.withLock {
            $0.deliveries += 1
            if failed { $0.deliveryFailures += 1 }
        }
    }

    /// Counts a RingSense poll; returns `true` while the insights are still "not ready".
    func ringSenseStillProcessing(recordingId: String) -> Bool {
        self.ringSensePolls.withLock { polls in
            let count = polls[recordingId, default: 0]
            polls[recordingId] = count + 1
            return count < self.configuration.ringSenseNotReadyPolls
        }
    }
}
