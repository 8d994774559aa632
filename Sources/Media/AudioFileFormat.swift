/// An audio file format the media layer can write.
public enum AudioFileFormat: Sendable, Equatable, Hashable, Codable {
    /// MPEG-1/2 Layer III from libmp3lame, constant bit rate, in an MP3 file with a Xing/Info header.
    case mp3(bitRate: Int)
    /// Signed 16-bit little-endian PCM in a RIFF/WAVE file.
    case wavPCM16
    /// G.711 μ-law in a RIFF/WAVE file.
    case wavMuLaw

    /// The file extension: `mp3` or `wav`.
    public var fileExtension: String {
        switch self {
        case .mp3: "mp3"
        case .wavPCM16, .wavMuLaw: "wav"
        }
    }

    /// The libavformat muxer name.
    var muxerName: String { fileExtension }

    /// A speech-suited MP3 bit rate for a sample rate and channel count.
    ///
    /// 32 kbit/s per channel up to 16 kHz, 48 kbit/s per channel up to 24 kHz, 64 kbit/s per
    /// channel above that (so 32 kbit/s for 8 kHz mono, 64 kbit/s for 16 kHz stereo).
    /// - Parameters:
    ///   - sampleRate: Output samples per second.
    ///   - channels: Output channel count.
    public static func speechMP3BitRate(sampleRate: Int, channels: Int) -> Int {
        let perChannel = sampleRate <= 16_000 ? 32_000 : sampleRate <= 24_000 ? 48_000 : 64_000
        return perChannel * max(1, min(channels, 2))
    }
}
