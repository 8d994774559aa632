internal import CFFmpeg

/// Owns an `AVFrame`; `deinit` calls `av_frame_free`.
final class Frame {
    /// The frame; never `nil`.
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws {
        guard let frame = av_frame_alloc() else {
            throw MediaError(code: .allocationFailed, message: "av_frame_alloc failed")
        }
        self.pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}
