internal import CFFmpeg
import Logging

/// Routes FFmpeg's own log output into swift-log instead of stderr.
public enum FFmpegLogging {
    /// The logger FFmpeg's messages go to (label `callvault.ffmpeg`).
    static let logger = Logger(label: "callvault.ffmpeg")

    private static let installed: Bool = {
        cffmpeg_set_log_sink({ level, line in
            guard let line else { return }
            var text = String(cString: line)
            while text.last?.isNewline == true { text.removeLast() }
            if level <= cffmpeg_log_error() {
                FFmpegLogging.logger.debug("\(text)", metadata: ["ffmpeg.level": "error"])
            } else {
                FFmpegLogging.logger.trace("\(text)")
            }
        }, cffmpeg_log_warning())
        return true
    }()

    /// Installs the log sink once per process; called by every public media entry point.
    ///
    /// FFmpeg's errors about damaged input ("Header missing", "Invalid PCM packet") are expected
    /// during validation and are already summarised in ``DecodeReport``, so they are logged at
    /// `debug` level under the `callvault.ffmpeg` label; warnings go to `trace`.
    public static func install() {
        _ = installed
    }
}
