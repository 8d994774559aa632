/// One stretch of speech: who said what, and when (seconds from the start of the recording).
public struct TranscriptSegment: Sendable, Codable, Equatable {
    /// The speaker's id in ``Transcript/speakers``, when diarized.
    public var speakerId: String?
    /// Start, in seconds from the start of the recording.
    public var start: Double
    /// End, in seconds from the start of the recording.
    public var end: Double
    /// What was said.
    public var text: String
    /// Word timings, when the producer gives them.
    public var words: [TranscriptWord]?

    /// Creates a segment.
    public init(speakerId: String?, start: Double, end: Double, text: String, words: [TranscriptWord]? = nil) {
        self.speakerId = speakerId
        self.start = start
        self.end = end
        self.text = text
        self.words = words
    }
}

/// One word's timing.
public struct TranscriptWord: Sendable, Codable, Equatable {
    /// The word.
    public var word: String
    /// Start and end, in seconds from the start of the recording.
    public var start: Double
    public var end: Double
    /// The recognizer's confidence, 0 to 1.
    public var confidence: Double?

    /// Creates a word.
    public init(word: String, start: Double, end: Double, confidence: Double? = nil) {
        self.word = word
        self.start = start
        self.end = end
        self.confidence = confidence
    }
}
