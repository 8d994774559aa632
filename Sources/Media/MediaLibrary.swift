internal import CFFmpeg

/// The FFmpeg libraries in use, for `callvault doctor`.
public enum MediaLibrary {
    /// `libavformat 59.27.100, libavcodec 59.37.100, libavutil 57.28.100, libswresample 4.7.100`.
    public static var versions: String {
        func text(_ name: String, _ version: UInt32) -> String {
            "\(name) \(version >> 16).\((version >> 8) & 0xFF).\(version & 0xFF)"
        }
        return [
            text("libavformat", avformat_version()), text("libavcodec", avcodec_version()),
            text("libavutil", avutil_version()), text("libswresample", swresample_version()),
        ].joined(separator: ", ")
    }

    /// Whether the MP3 encoder (libmp3lame) is available: WAV recordings are transcoded with it.
    public static var hasMP3Encoder: Bool { avcodec_find_encoder_by_name("libmp3lame") != nil }
}
