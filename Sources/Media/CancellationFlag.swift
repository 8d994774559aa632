import Synchronization

/// A one-way flag that FFmpeg's interrupt callback and the decode/encode loops poll.
///
/// The async entry points set it from `withTaskCancellationHandler`'s `onCancel`, so a
/// cancelled Swift task makes blocking FFmpeg I/O return `AVERROR_EXIT` and the loops throw
/// `CancellationError` at the next packet.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    /// Whether cancellation was requested.
    var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Requests cancellation. Safe to call from any thread, any number of times.
    func cancel() { flag.store(true, ordering: .relaxed) }

    /// Throws `CancellationError` when cancellation was requested.
    func check() throws {
        if isCancelled { throw CancellationError() }
    }

    /// An opaque pointer for `AVIOInterruptCB.opaque`; valid while `self` is alive.
    var opaquePointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The `AVIOInterruptCB.callback` matching ``opaquePointer``.
    static let interruptCallback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
        guard let opaque else { return 0 }
        return Unmanaged<CancellationFlag>.fromOpaque(opaque).takeUnretainedValue().isCancelled ? 1 : 0
    }
}
