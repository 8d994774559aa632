/// What the container header says about a file, read in-process with libavformat.
///
/// These are header values: a CBR MP3 with a Xing/Info header or a μ-law WAV that was cut in
/// half still reports the full duration here. ``DecodeReport`` has what a full decode found.
public struct ProbeResult: Sendable, Equatable, Codable {
    /// How libavformat arrived at ``durationSeconds``.
    public enum DurationSource: String, Sendable, Codable {
        /// From packet timestamps.
        case timestamps
        /// From the stream header (e.g. Xing frame count, WAV data size).
        case streamHeader
        /// Estimated from the bit rate and the file size (no length in the header).
        case bitRate
        /// Not known.
        case unknown
    }

    /// Container short name, e.g. `mp3` or `wav`.
    public var formatName: String
    /// Container long name, e.g. `WAV / WAVE (Waveform Audio)`.
    public var formatLongName: String
    /// Codec short name, e.g. `mp3`, `pcm_s16le`, `pcm_mulaw`.
    public var codecName: String
    /// Duration from the header, in seconds (`nil` when unknown).
    public var durationSeconds: Double?
    /// Where ``durationSeconds`` came from.
    public var durationSource: DurationSource
    /// Samples per second.
    public var sampleRate: Int
    /// Channel count.
    public var channels: Int
    /// Channel layout description, e.g. `mono`, `stereo`.
    public var channelLayout: String
    /// Container bit rate in bit/s (file size over duration for many formats), 0 when unknown.
    public var bitRate: Int
    /// The audio stream's nominal bit rate in bit/s, 0 when unknown.
    public var streamBitRate: Int
    /// Samples per codec frame (1152 or 576 for MP3), 0 for PCM.
    public var frameSize: Int
    /// Bits per coded sample (8 for μ-law, 16 for s16le), 0 for compressed codecs.
    public var bitsPerSample: Int
    /// Container and stream metadata (ID3 / RIFF INFO tags), stream tags win on conflict.
    public var tags: [String: String]
    /// For WAV: the RIFF or data chunk size is 0 or 0xFFFFFFFF (a "streaming" header written
    /// before the length was known); the data is read to end of file instead.
    public var hasStreamingHeader: Bool
    /// For MP3 with a LAME/Info tag: encoder delay plus end padding, in samples per channel.
    /// The header duration counts them, the decoder drops them (gapless playback).
    public var gaplessTrimSamples: Int
    /// File size in bytes.
    public var byteCount: Int64

    /// The duration a full decode should produce: the header duration minus the gapless trim.
    public var expectedDecodedSeconds: Double? {
        durationSeconds.map { $0 - Double(gaplessTrimSamples) / Double(max(sampleRate, 1)) }
    }
}
