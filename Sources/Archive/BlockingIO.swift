import Dispatch

/// Runs blocking file work off the Swift cooperative thread pool.
///
/// The body runs on a dedicated concurrent `DispatchQueue`; the result comes back through a
/// checked continuation. Copies and hashes of large recordings therefore never block the
/// threads that run async tasks.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "callvault.archive.io", qos: .utility, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
