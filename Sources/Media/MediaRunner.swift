import Dispatch

/// Runs blocking FFmpeg work off the Swift cooperative thread pool.
///
/// Each call runs its body on a dedicated concurrent `DispatchQueue` and bridges the result back
/// with a checked continuation. Task cancellation sets the ``CancellationFlag`` handed to the
/// body, which FFmpeg's interrupt callback and the media loops poll.
enum MediaRunner {
    private static let queue = DispatchQueue(label: "callvault.media", qos: .utility, attributes: .concurrent)

    /// Runs `body` on the media queue and returns its result.
    /// - Parameter body: Blocking work; it must poll the flag it is given.
    /// - Throws: What `body` throws, or `CancellationError` when the task was cancelled.
    static func run<T: Sendable>(_ body: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                queue.async {
                    continuation.resume(with: Result {
                        try flag.check()
                        return try body(flag)
                    })
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
