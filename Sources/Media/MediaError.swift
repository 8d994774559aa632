internal import CFFmpeg

/// An error from the media layer: an FFmpeg call that failed, or a file the layer cannot work with.
///
/// `MediaError` follows the house style for errors: an extensible ``Code``, a human-readable
/// ``message``, and, when the failure came from FFmpeg, the negative FFmpeg return value in
/// ``ffmpegCode`` together with `av_strerror`'s text inside the message.
///
/// ```swift
/// do {
///     _ = try await MediaProbe().probe(path: "/tmp/call.mp3")
/// } catch let error as MediaError where error.code == .openFailed {
///     print(error.message)
/// }
/// ```
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case openFailed, streamInfoFailed, noAudioStream, decoderNotFound, encoderNotFound
            case codecOpenFailed, decodeFailed, encodeFailed, readFailed, writeFailed
            case resampleFailed, allocationFailed, notAudio, unsupported, ioFailed
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// `avformat_open_input` (or the muxer's `avio_open`) failed.
        public static let openFailed = Code(.openFailed)
        /// `avformat_find_stream_info` failed.
        public static let streamInfoFailed = Code(.streamInfoFailed)
        /// The container has no audio stream.
        public static let noAudioStream = Code(.noAudioStream)
        /// No decoder is available for the stream's codec.
        public static let decoderNotFound = Code(.decoderNotFound)
        /// The requested encoder (e.g. libmp3lame) is not available.
        public static let encoderNotFound = Code(.encoderNotFound)
        /// `avcodec_open2` failed.
        public static let codecOpenFailed = Code(.codecOpenFailed)
        /// Decoding failed in a way that stops the decode pass.
        public static let decodeFailed = Code(.decodeFailed)
        /// Encoding failed.
        public static let encodeFailed = Code(.encodeFailed)
        /// Reading packets from the container failed.
        public static let readFailed = Code(.readFailed)
        /// Writing the output container failed.
        public static let writeFailed = Code(.writeFailed)
        /// Sample-rate conversion failed.
        public static let resampleFailed = Code(.resampleFailed)
        /// FFmpeg could not allocate a structure.
        public static let allocationFailed = Code(.allocationFailed)
        /// The input is not audio at all (see ``NonAudioContent``).
        public static let notAudio = Code(.notAudio)
        /// The request cannot be done with this input or these options.
        public static let unsupported = Code(.unsupported)
        /// A plain file-system operation failed.
        public static let ioFailed = Code(.ioFailed)

        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, including FFmpeg's `av_strerror` text when there is one.
    public var message: String
    /// The negative FFmpeg return value (`AVERROR(...)`), when FFmpeg reported the failure.
    public var ffmpegCode: Int32?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What failed.
    ///   - ffmpegCode: FFmpeg's negative return value, if any.
    public init(code: Code, message: String, ffmpegCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.ffmpegCode = ffmpegCode
    }

    public var description: String {
        if let ffmpegCode { return "MediaError(\(code)): \(message) [ffmpeg \(ffmpegCode)]" }
        return "MediaError(\(code)): \(message)"
    }

    /// FFmpeg's text for an error code, as `av_strerror` gives it.
    /// - Parameter code: A negative FFmpeg return value.
    /// - Returns: The message, e.g. "Invalid data found when processing input".
    public static func ffmpegMessage(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(cffmpeg_error_max_string_size()))
        return buffer.withUnsafeMutableBufferPointer { pointer in
            String(cString: cffmpeg_err2str(code, pointer.baseAddress, pointer.count))
        }
    }

    /// Creates an error for a failed FFmpeg call.
    static func ffmpeg(_ code: Code, _ what: String, _ result: Int32) -> MediaError {
        MediaError(code: code, message: "\(what): \(ffmpegMessage(for: result))", ffmpegCode: result)
    }
}

/// Throws a ``MediaError`` when an FFmpeg call returns a negative value.
/// - Returns: The non-negative result.
@discardableResult
func check(_ result: Int32, _ code: MediaError.Code, _ what: @autoclosure () -> String) throws -> Int32 {
    if result < 0 {
        if result == cffmpeg_averror_exit() { throw CancellationError() }
        throw MediaError.ffmpeg(code, what(), result)
    }
    return result
}
