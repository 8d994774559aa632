import Essentials
public import Logging

/// Reads audio files in-process with libavformat/libavcodec: the header (``probe(path:)``) and a
/// full decode pass (``analyze(path:)``).
///
/// All FFmpeg work runs on a dedicated dispatch queue, never on the Swift cooperative pool;
/// cancelling the calling task interrupts FFmpeg's I/O and stops the decode loop with
/// `CancellationError`.
///
/// ```swift
/// let probe = MediaProbe()
/// let header = try await probe.probe(path: "/tmp/call.mp3")
/// let full = try await probe.analyze(path: "/tmp/call.mp3")
/// print(header.durationSeconds ?? 0, full.decode.decodedSeconds, full.decode.loudness.integratedLUFS ?? -.infinity)
/// ```
public struct MediaProbe: Sendable {
    /// Where the media layer logs.
    public var logger: Logger

    /// Creates a probe.
    /// - Parameter logger: Where the media layer logs.
    public init(logger: Logger = Logger(label: "callvault.media")) {
        self.logger = logger
        FFmpegLogging.install()
    }

    /// Reads the container header without decoding.
    ///
    /// The first bytes are sniffed first, so an HTTP error body saved as a recording is reported
    /// as `.notAudio` with a description instead of being handed to libavformat.
    /// - Parameter path: The file.
    /// - Returns: Container, codec, header duration, rate, channels, bit rate, tags.
    /// - Throws: ``MediaError`` (`.notAudio` with the ``NonAudioContent`` message, `.openFailed`,
    ///   `.noAudioStream`, …) or `CancellationError`.
    public func probe(path: String) async throws -> ProbeResult {
        try await BlockingExecutor.shared.run { flag in
            try Self.requireAudio(path: path)
            return try AudioDecoder(path: path, cancellation: flag).probe
        }
    }

    /// Reads the header and decodes the whole audio stream, counting decode errors and measuring
    /// decoded duration and loudness.
    /// - Parameter path: The file.
    /// - Returns: Header values and what the decode found.
    /// - Throws: As ``probe(path:)``.
    public func analyze(path: String) async throws -> MediaAnalysis {
        try await BlockingExecutor.shared.run { flag in
            try Self.requireAudio(path: path)
            return try Self.analyzeBlocking(path: path, cancellation: flag)
        }
    }

    static func analyzeBlocking(path: String, cancellation: CancellationFlag) throws -> MediaAnalysis {
        let decoder = try AudioDecoder(path: path, cancellation: cancellation)
        let report = try decoder.decodeAll()
        return MediaAnalysis(probe: decoder.probe, decode: report)
    }

    static func requireAudio(path: String) throws {
        if case .notAudio(let content) = try ContentSniffer.sniff(path: path) {
            throw MediaError(code: .notAudio, message: content.message)
        }
    }
}
