/// Which RingCentral service produced a transcript.
public enum TranscriptSource: String, Sendable, Codable, CaseIterable {
    /// RingSense (AI Conversation Expert) insights.
    case ringsense
    /// The deprecated async AI API (speech-to-text with diarization).
    case ai
}
