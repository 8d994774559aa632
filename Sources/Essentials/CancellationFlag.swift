import Synchronization

/// A one-way flag that blocking C work polls to learn that its Swift task was cancelled.
///
/// The async entry points set it from `withTaskCancellationHandler`'s `onCancel`; FFmpeg's
/// interrupt callback, libcurl's progress callback and the decode and copy loops read it, so a
/// cancelled task makes the blocking call return at its next check.
///
/// ```swift
/// let flag = CancellationFlag()
/// try await withTaskCancellationHandler {
///     try await BlockingExecutor.shared.run { try work(polling: flag) }
/// } onCancel: { flag.cancel() }
/// ```
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a flag that is not set.
    public init() {}

    /// Whether cancellation was requested.
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Requests cancellation. Safe to call from any thread, any number of times.
    public func cancel() { flag.store(true, ordering: .releasing) }

    /// Throws `CancellationError` when cancellation was requested.
    public func check() throws {
        if isCancelled { throw CancellationError() }
    }

    /// An opaque pointer for a C callback's context argument; valid while `self` is alive.
    public var opaquePointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The flag behind an ``opaquePointer``.
    public static func from(opaquePointer: UnsafeMutableRawPointer) -> CancellationFlag {
        Unmanaged<CancellationFlag>.fromOpaque(opaquePointer).takeUnretainedValue()
    }
}
