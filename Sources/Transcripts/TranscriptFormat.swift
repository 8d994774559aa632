/// The forms a transcript can be printed or served in.
public enum TranscriptFormat: String, Sendable, CaseIterable, Codable {
    /// The stored sidecar: raw response and normalized form.
    case json
    /// Plain text, one line per segment: `[00:01:02] Anna (agent): …`.
    case txt
    /// WebVTT captions with `<v Speaker>` voice spans.
    case vtt
    /// SubRip captions with the speaker's name before the text.
    case srt
}
