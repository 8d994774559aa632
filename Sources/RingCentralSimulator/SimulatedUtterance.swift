/// One timed utterance of a recording's transcript, as the simulator serves it (RingSense `Transcript`, AI
/// `utterances`/`utteranceInsights`, and the `words` of speech-to-text).
///
/// Times are seconds from the start of the recording, rounded to hundredths; utterances are in order, do not overlap,
/// and end within the recording's duration.
public struct SimulatedUtterance: Sendable, Hashable {
    /// One word with its timing.
    public struct Word: Sendable, Hashable {
        /// The word as transcribed (punctuation attached).
        public var text: String
        /// Start, in seconds from the start of the recording.
        public var start: Double
        /// End, in seconds from the start of the recording.
        public var end: Double
        /// Recognition confidence, 0…1.
        public var confidence: Double
    }

    /// Who speaks.
    public var speaker: SimulatedTranscript.Speaker
    /// The speaker's name: the agent's extension name, or the outside party's caller-id name (or number).
    public var speakerName: String
    /// Start, in seconds from the start of the recording.
    public var start: Double
    /// End, in seconds from the start of the recording.
    public var end: Double
    /// What is said.
    public var text: String
    /// The words with their timings.
    public var words: [Word]
    /// Recognition confidence, 0…1.
    public var confidence: Double
}
