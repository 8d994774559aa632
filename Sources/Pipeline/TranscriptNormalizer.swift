import Essentials
public import RingCentral
public import Transcripts

/// Turns RingCentral's transcript shapes into callvault's ``Transcript``.
public enum TranscriptNormalizer {
    /// RingSense `RecordingInsights`: speakers (internal when they have an extension), the
    /// `Transcript` segments and the other insights. The version time is `lastModifiedTime`.
    /// - Throws: ``TranscriptError`` `.invalidResponse` when no version time can be read.
    public static func ringSense(_ insights: RecordingInsights) throws -> Transcript {
        guard let version = (insights.lastModifiedTime ?? insights.creationTime).flatMap(Millis.parse).map(Millis.from) else {
            throw TranscriptError(.invalidResponse, "RingSense insights for \(insights.sourceRecordId ?? "?") have no lastModifiedTime")
        }
        let speakers = insights.speakerInfo.compactMap { speaker -> TranscriptSpeaker? in
            guard let id = speaker.speakerId else { return nil }
            return TranscriptSpeaker(
                id: id, name: speaker.name, isInternal: speaker.extensionId != nil, extensionId: speaker.extensionId,
                phoneNumber: speaker.phoneNumber)
        }
        let segments = insights.transcript.compactMap { item -> TranscriptSegment? in
            guard let text = item.text ?? item.value, !text.isEmpty else { return nil }
            let start = item.start ?? 0
            return TranscriptSegment(speakerId: item.speakerId, start: start, end: max(start, item.end ?? start), text: text)
        }.sorted { $0.start < $1.start }
        func values(_ name: String) -> [RecordingInsights.Item] { insights.insights[name] ?? [] }
        func moments(_ name: String) -> [TranscriptInsights.Moment] {
            values(name).compactMap { item in
                (item.value ?? item.text).map { .init(text: $0, speakerId: item.speakerId, start: item.start, end: item.end) }
            }
        }
        let summary = values("Summary").compactMap(\.value).joined(separator: "\n")
        let notes = values("CallNotes").compactMap(\.value).joined(separator: "\n")
        return Transcript(
            source: .ringsense, versionMillis: version, speakers: speakers, segments: segments,
            insights: TranscriptInsights(
                summary: summary.isEmpty ? nil : summary, bulletedSummary: values("BulletedSummary").compactMap(\.value),
                highlights: moments("Highlights"), nextSteps: moments("NextSteps"), callNotes: notes.isEmpty ? nil : notes,
                aiScore: values("AIScore").first?.value, sentiment: values("Sentiment").first?.value))
    }

    /// An async AI speech-to-text result: utterances (with word timings) as segments; speakers
    /// are the diarized ids (`Speaker 0`, `Speaker 1`), whose names the API does not know.
    public static func ai(_ result: TranscribedObject, completedMillis: Int64, language: String) -> Transcript {
        let segments: [TranscriptSegment]
        if result.utterances.isEmpty {
            // Without diarization: one segment per sentence-sized run of words.
            segments = result.words.isEmpty
                ? [] : [TranscriptSegment(
                    speakerId: nil, start: result.words.first!.start, end: result.words.last!.end, text: result.transcript,
                    words: result.words.map { TranscriptWord(word: $0.word, start: $0.start, end: $0.end, confidence: $0.confidence) })]
        } else {
            segments = result.utterances.map { utterance in
                TranscriptSegment(
                    speakerId: utterance.speakerId, start: utterance.start, end: max(utterance.start, utterance.end),
                    text: utterance.text,
                    words: utterance.wordTimings.map {
                        TranscriptWord(word: $0.word, start: $0.start, end: $0.end, confidence: $0.confidence)
                    })
            }
        }
        let ids = Array(Set(segments.compactMap(\.speakerId))).sorted()
        return Transcript(
            source: .ai, versionMillis: completedMillis, language: language, speakers: ids.map { TranscriptSpeaker(id: $0) },
            segments: segments)
    }
}
