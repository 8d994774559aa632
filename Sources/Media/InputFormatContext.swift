import Essentials
internal import CFFmpeg

/// Owns a demuxer `AVFormatContext` opened with `avformat_open_input`.
///
/// Not `Sendable`: one instance lives on one media-queue thread for the duration of a call.
/// `deinit` calls `avformat_close_input` on every path, including a throwing `init` after the
/// input was opened.
final class InputFormatContext {
    /// The open context; never `nil` after `init` returns.
    let pointer: UnsafeMutablePointer<AVFormatContext>
    private let cancellation: CancellationFlag

    /// Opens `path`, wires the interrupt callback to `cancellation`, and reads stream info.
    /// - Throws: ``MediaError`` with `.openFailed`/`.streamInfoFailed`, or `CancellationError`.
    init(path: String, cancellation: CancellationFlag) throws {
        guard let context = avformat_alloc_context() else {
            throw MediaError(code: .allocationFailed, message: "avformat_alloc_context failed")
        }
        cffmpeg_set_interrupt_callback(context, CancellationFlag.interruptCallback, cancellation.opaquePointer)
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        // On failure avformat_open_input frees the context and sets `opened` to nil.
        try check(avformat_open_input(&opened, path, nil, nil), .openFailed, "cannot open \(path)")
        guard let opened else { throw MediaError(code: .openFailed, message: "cannot open \(path)") }
        self.pointer = opened
        self.cancellation = cancellation
        try check(avformat_find_stream_info(opened, nil), .streamInfoFailed, "cannot read stream info of \(path)")
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&context)
    }
}
