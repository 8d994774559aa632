import Essentials

extension CancellationFlag {
    /// The `AVIOInterruptCB.callback` for a flag passed as its ``CancellationFlag/opaquePointer``:
    /// FFmpeg's blocking I/O returns `AVERROR_EXIT` once the flag is set.
    static let interruptCallback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
        guard let opaque else { return 0 }
        return CancellationFlag.from(opaquePointer: opaque).isCancelled ? 1 : 0
    }
}
