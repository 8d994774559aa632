import NIOCore
public import NIOPosix

/// Runs blocking C work (SQLite file checks, FFmpeg, file copies and hashes) off the Swift
/// cooperative pool, on a bounded set of threads.
///
/// The threads are a SwiftNIO `NIOThreadPool`, so the number of threads blocked in C never
/// grows with the number of tasks. Task cancellation sets the ``CancellationFlag`` handed to the
/// body, which the body polls (FFmpeg's interrupt callback, copy loops); work that has not
/// started yet when its task is cancelled never starts.
///
/// ```swift
/// let digest = try await BlockingExecutor.shared.run { flag in try hashFile(path, cancellation: flag) }
/// ```
public struct BlockingExecutor: Sendable {
    /// The process-wide executor: as many threads as cores, at least four.
    public static let shared = BlockingExecutor(pool: NIOThreadPool.makeStarted(
        numberOfThreads: max(4, System.coreCount)))

    private let pool: NIOThreadPool

    /// An executor over an already started pool.
    public init(pool: NIOThreadPool) {
        self.pool = pool
    }

    /// Runs `body` on one of the executor's threads and returns its result.
    /// - Parameter body: Blocking work; long work should poll the flag it is given.
    /// - Throws: What `body` throws, or `CancellationError` when the task was cancelled before
    ///   or while the work ran and the work noticed.
    public func run<T: Sendable>(_ body: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try Task.checkCancellation()
            return try await pool.runIfActive {
                try flag.check()
                return try body(flag)
            }
        } onCancel: {
            flag.cancel()
        }
    }

    /// Runs `body` on one of the executor's threads; for short work that needs no flag.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await run { (_: CancellationFlag) in try body() }
    }
}

extension NIOThreadPool {
    /// A started pool that lives as long as the process.
    static func makeStarted(numberOfThreads: Int) -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: numberOfThreads)
        pool.start()
        return pool
    }
}
