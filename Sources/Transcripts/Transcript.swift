/// A call's transcript and insights in callvault's own form, whatever service produced it.
///
/// RingSense (`RecordingInsights`) and the older async AI API (`TranscribedObject`) both
/// normalize to it; search, the transcript formats (JSON, TXT, VTT, SRT) and the operator page
/// read only this.
public struct Transcript: Sendable, Codable, Equatable {
    /// Who produced it.
    public var source: TranscriptSource
    /// The producer's version time (RingSense `lastModifiedTime`; the AI job's completion), in
    /// milliseconds since 1970: a newer version replaces an older one, never the reverse.
    public var versionMillis: Int64
    /// BCP 47 language, such as `en-US`, when known.
    public var language: String?
    /// The people speaking.
    public var speakers: [TranscriptSpeaker]
    /// What was said, in order of start time.
    public var segments: [TranscriptSegment]
    /// Summaries, highlights, next steps, score and sentiment, when the producer gives them.
    public var insights: TranscriptInsights
    /// What was masked before storing (card numbers, SSNs), when redaction is on.
    public var redactions: [TranscriptRedaction]

    /// Creates a transcript.
    public init(
        source: TranscriptSource, versionMillis: Int64, language: String? = nil, speakers: [TranscriptSpeaker],
        segments: [TranscriptSegment], insights: TranscriptInsights = TranscriptInsights(), redactions: [TranscriptRedaction] = []
    ) {
        self.source = source
        self.versionMillis = versionMillis
        self.language = language
        self.speakers = speakers
        self.segments = segments
        self.insights = insights
        self.redactions = redactions
    }

    /// The speaker with this id, if listed.
    public func speaker(_ id: String?) -> TranscriptSpeaker? {
        guard let id else { return nil }
        return speakers.first { $0.id == id }
    }
}
