internal import CFFmpeg

/// Owns an `AVCodecContext` (decoder or encoder); `deinit` calls `avcodec_free_context`.
///
/// Not `Sendable`: confined to the media-queue thread that created it.
final class CodecContext {
    /// The context; never `nil`.
    let pointer: UnsafeMutablePointer<AVCodecContext>

    /// Allocates a context for `codec` (not yet opened).
    init(codec: UnsafePointer<AVCodec>) throws {
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError(code: .allocationFailed, message: "avcodec_alloc_context3 failed")
        }
        self.pointer = context
    }

    /// Opens the context with `avcodec_open2`.
    func open(_ codec: UnsafePointer<AVCodec>) throws {
        try check(avcodec_open2(pointer, codec, nil), .codecOpenFailed, "cannot open codec \(String(cString: codec.pointee.name))")
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }
}
