import Essentials
internal import CFFmpeg
import Foundation

/// Owns a muxer `AVFormatContext` and its output `AVIOContext`.
///
/// The free path differs from a demuxer's: `deinit` closes the I/O context with `avio_closep`
/// (if still open) and then calls `avformat_free_context`. ``finish()`` writes the trailer,
/// closes the file and fsyncs it, so a caller that renames the file afterwards renames
/// durable bytes.
final class OutputFormatContext {
    /// The muxer context; never `nil`.
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String
    private let cancellation: CancellationFlag
    private var headerWritten = false

    /// Allocates a muxer for `formatName` (`mp3`, `wav`) and opens `path` for writing.
    init(formatName: String, path: String, cancellation: CancellationFlag) throws {
        var context: UnsafeMutablePointer<AVFormatContext>?
        try check(avformat_alloc_output_context2(&context, nil, formatName, path), .openFailed, "cannot create \(formatName) muxer")
        guard let context else { throw MediaError(code: .allocationFailed, message: "avformat_alloc_output_context2 failed") }
        self.pointer = context
        self.path = path
        self.cancellation = cancellation
        cffmpeg_set_interrupt_callback(context, CancellationFlag.interruptCallback, cancellation.opaquePointer)
        try check(
            avio_open2(&context.pointee.pb, path, AVIO_FLAG_WRITE, &context.pointee.interrupt_callback, nil),
            .openFailed, "cannot open \(path) for writing")
    }

    /// Adds the audio stream, copying the encoder's parameters.
    func addStream(from encoder: UnsafeMutablePointer<AVCodecContext>) throws -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(pointer, nil) else {
            throw MediaError(code: .allocationFailed, message: "avformat_new_stream failed")
        }
        try check(avcodec_parameters_from_context(stream.pointee.codecpar, encoder), .writeFailed, "avcodec_parameters_from_context")
        stream.pointee.time_base = encoder.pointee.time_base
        return stream
    }

    /// Writes the container header.
    func writeHeader() throws {
        try check(avformat_write_header(pointer, nil), .writeFailed, "cannot write header to \(path)")
        headerWritten = true
    }

    /// Writes one packet (takes ownership of its reference).
    func write(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        try check(av_interleaved_write_frame(pointer, packet), .writeFailed, "cannot write to \(path)")
    }

    /// Writes the trailer, closes the file and fsyncs it.
    func finish() throws {
        if headerWritten {
            try check(av_write_trailer(pointer), .writeFailed, "cannot write trailer to \(path)")
        }
        try check(avio_closep(&pointer.pointee.pb), .writeFailed, "cannot close \(path)")
        try Self.fsync(path: path)
    }

    /// Flushes a written file to stable storage.
    static func fsync(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw MediaError(code: .ioFailed, message: "cannot open \(path) to fsync: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        #if canImport(Glibc)
            let result = Glibc.fsync(descriptor)
        #else
            let result = Darwin.fsync(descriptor)
        #endif
        if result != 0 {
            throw MediaError(code: .ioFailed, message: "fsync \(path) failed: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if pointer.pointee.pb != nil { avio_closep(&pointer.pointee.pb) }
        avformat_free_context(pointer)
    }
}
