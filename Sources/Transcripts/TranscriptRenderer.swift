import Foundation

/// Prints a transcript as plain text, WebVTT or SubRip, speaker by speaker.
public enum TranscriptRenderer {
    /// The transcript in `format` (`json` is the sidecar itself and is not rendered here).
    public static func render(_ transcript: Transcript, as format: TranscriptFormat) -> String {
        switch format {
        case .txt: text(transcript)
        case .vtt: vtt(transcript)
        case .srt: srt(transcript)
        case .json: ""
        }
    }

    /// `[hh:mm:ss] Name (role): text`, one line per segment.
    public static func text(_ transcript: Transcript) -> String {
        transcript.segments.map { segment in
            "[\(clock(segment.start))] \(label(segment, transcript)): \(segment.text)"
        }.joined(separator: "\n") + "\n"
    }

    /// WebVTT with voice spans; cue text escaped as WebVTT requires.
    public static func vtt(_ transcript: Transcript) -> String {
        var lines = ["WEBVTT", ""]
        for (index, segment) in transcript.segments.enumerated() {
            lines.append("\(index + 1)")
            lines.append("\(timestamp(segment.start, separator: ".")) --> \(timestamp(max(segment.end, segment.start), separator: "."))")
            lines.append("<v \(escapeVTT(label(segment, transcript)))>\(escapeVTT(segment.text))")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// SubRip with the speaker's name before the text.
    public static func srt(_ transcript: Transcript) -> String {
        var lines: [String] = []
        for (index, segment) in transcript.segments.enumerated() {
            lines.append("\(index + 1)")
            lines.append("\(timestamp(segment.start, separator: ",")) --> \(timestamp(max(segment.end, segment.start), separator: ","))")
            lines.append("\(label(segment, transcript)): \(segment.text)")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// The speaker's name and role, `Speaker 1` when only an id is known.
    static func label(_ segment: TranscriptSegment, _ transcript: Transcript) -> String {
        guard let speaker = transcript.speaker(segment.speakerId) else {
            return segment.speakerId.map { "Speaker \($0)" } ?? "Speaker"
        }
        let name = speaker.name?.isEmpty == false ? speaker.name! : "Speaker \(speaker.id)"
        return speaker.role.map { "\(name) (\($0))" } ?? name
    }

    /// `hh:mm:ss` for an offset in seconds.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(max(0, seconds))
        return String(format: "%02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }

    static func timestamp(_ seconds: Double, separator: String) -> String {
        let millis = Int((max(0, seconds) * 1000).rounded())
        return String(
            format: "%02d:%02d:%02d%@%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, separator, millis % 1000)
    }

    static func escapeVTT(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "-->", with: "--&gt;")
    }
}
