import Foundation

/// Where the command-line tools the player tests run (ffmpeg, ffprobe) are installed.
enum ExternalTool {
    /// Where a tool is installed, if it is.
    static func path(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
