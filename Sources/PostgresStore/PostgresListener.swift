import Essentials
import Logging
import PostgresNIO
import Synchronization

/// Listens on the back end's `NOTIFY` channel on a connection of its own and signals the wake-up
/// for every notification, so workers on this machine start on work another machine enqueued.
///
/// A lost connection is re-established with a growing pause; after every (re)connection it
/// signals once, because notifications sent while it was away are lost. Polling stays the
/// safety net for everything else.
final class PostgresListener: Sendable {
    let pool: PostgresPool
    let channel: String
    let wakeup: Wakeup
    let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(pool: PostgresPool, channel: String, wakeup: Wakeup, logger: Logger) {
        self.pool = pool
        self.channel = channel
        self.wakeup = wakeup
        self.logger = logger
    }

    /// Starts listening in the background; idempotent.
    func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [pool, channel, wakeup, logger] in
                var delayMillis = 50
                while !Task.isCancelled {
                    do {
                        try await pool.client.withConnection { connection in
                            try await connection.listen(on: channel) { notifications in
                                delayMillis = 50
                                wakeup.signal()
                                for try await _ in notifications { wakeup.signal() }
                            }
                        }
                    } catch {
                        if Task.isCancelled { return }
                        logger.debug("listener lost its connection; reconnecting", metadata: ["error": "\(PostgresPool.summary(error))"])
                    }
                    try? await Task.sleep(for: .milliseconds(delayMillis))
                    delayMillis = min(delayMillis * 2, 5_000)
                }
            }
        }
    }

    /// Stops listening and waits for the connection to be returned.
    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }
}
