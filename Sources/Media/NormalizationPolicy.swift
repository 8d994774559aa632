/// What the archive stores for a recording (`CALLVAULT_FORMAT`).
public enum NormalizationPolicy: String, Sendable, Codable, CaseIterable {
    /// MP3 (the default): a clean MP3 is kept byte-for-byte; WAV and damaged-but-decodable MP3
    /// are encoded to MP3 with libmp3lame at a speech bit rate, channels and rate kept.
    case mp3
    /// WAV with PCM s16le; a clean s16le WAV with a proper header is kept byte-for-byte.
    case wav
    /// The bytes as received, unchanged; only verified.
    case original
}
