import Essentials
public import Logging
public import ServiceLifecycle
import Synchronization

/// The buffered writer of the server's audit: ``record(_:)`` puts an event in memory and wakes
/// the writer, which appends everything waiting to the ``AuditLog`` in one transaction.
///
/// **Guarantee.** Recording never waits for the database and never fails the request: a failed
/// append is retried (every entry is kept, in order) with a growing pause, and logged. There is no
/// timer: the writer appends as soon as it is woken, so an event is usually committed within one
/// transaction's time of the request that produced it. A crash (or SIGKILL) loses only the events
/// recorded but not yet committed: those of requests answered in that last instant, and of
/// requests in flight. A graceful shutdown (SIGTERM) stops the server first, then commits
/// everything left. When the database stays unavailable, at most ``capacity`` events are held;
/// beyond that the oldest are dropped and their count is logged as an error.
public final class AuditAppender: AuditRecorder, Service {
    private struct State {
        var pending: [AuditEvent] = []
        var dropped = 0
        var finishing = false
    }

    /// The log appended to.
    public let log: any AuditLog
    /// The most events held while the log cannot be written.
    public let capacity: Int
    private let state = Mutex(State())
    private let wakeup = Wakeup()
    private let logger: Logger

    /// An appender to `log`.
    public init(log: any AuditLog, capacity: Int = 100_000, logger: Logger = Logger(label: "callvault.audit")) {
        self.log = log
        self.capacity = capacity
        self.logger = logger
    }

    public func record(_ event: AuditEvent) {
        state.withLock { state in
            state.pending.append(event)
            if state.pending.count > capacity {
                state.pending.removeFirst(state.pending.count - capacity)
                state.dropped += 1
            }
        }
        wakeup.signal()
    }

    /// Asks ``run()`` to commit what is left and return.
    public func finish() {
        state.withLock { $0.finishing = true }
        wakeup.signal()
    }

    /// Events recorded and not yet committed.
    public var backlog: Int { state.withLock { $0.pending.count } }

    /// Appends until ``finish()`` or cancellation, then commits what is left (on cancellation, one
    /// last try). Its owner calls ``finish()`` once nothing records any more (the server stopped),
    /// rather than on the graceful shutdown signal, so events of requests still being answered
    /// during the shutdown are kept.
    public func run() async throws {
        var pause: Int64 = 50
        while true {
            let (batch, dropped, finishing) = state.withLock { state in
                defer {
                    state.pending = []
                    state.dropped = 0
                }
                return (state.pending, state.dropped, state.finishing)
            }
            if dropped > 0 {
                logger.error("audit backlog full: oldest events dropped", metadata: ["dropped": "\(dropped)"])
            }
            if batch.isEmpty {
                if finishing || Task.isCancelled { return }
                await wakeup.wait(timeoutMillis: 60_000)
                continue
            }
            do {
                try await log.append(batch)
                pause = 50
            } catch {
                // Keep the batch ahead of anything recorded meanwhile, and try again later.
                state.withLock { $0.pending = batch + $0.pending }
                logger.error("audit append failed; retrying", metadata: ["error": "\(error)", "waiting": "\(batch.count)"])
                if Task.isCancelled { return }
                try? await Task.sleep(for: .milliseconds(pause))
                pause = min(pause * 2, 5_000)
            }
        }
    }
}
