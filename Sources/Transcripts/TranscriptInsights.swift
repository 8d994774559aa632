/// What RingSense (or the AI API) says about a call beyond the words.
public struct TranscriptInsights: Sendable, Codable, Equatable {
    /// A moment with text: a highlight or a next step.
    public struct Moment: Sendable, Codable, Equatable {
        /// The text.
        public var text: String
        /// Who, when known.
        public var speakerId: String?
        /// When, in seconds from the start of the recording, when known.
        public var start: Double?
        public var end: Double?

        /// Creates a moment.
        public init(text: String, speakerId: String? = nil, start: Double? = nil, end: Double? = nil) {
            self.text = text
            self.speakerId = speakerId
            self.start = start
            self.end = end
        }
    }

    /// A paragraph summary.
    public var summary: String?
    /// Bullet points.
    public var bulletedSummary: [String]
    /// Notable moments.
    public var highlights: [Moment]
    /// Agreed next steps.
    public var nextSteps: [Moment]
    /// Free-form call notes.
    public var callNotes: String?
    /// RingSense's AI score of the call (`"8"`), as given.
    public var aiScore: String?
    /// `Positive`, `Negative` or `Neutral`.
    public var sentiment: String?

    /// Creates insights.
    public init(
        summary: String? = nil, bulletedSummary: [String] = [], highlights: [Moment] = [], nextSteps: [Moment] = [],
        callNotes: String? = nil, aiScore: String? = nil, sentiment: String? = nil
    ) {
        self.summary = summary
        self.bulletedSummary = bulletedSummary
        self.highlights = highlights
        self.nextSteps = nextSteps
        self.callNotes = callNotes
        self.aiScore = aiScore
        self.sentiment = sentiment
    }
}
