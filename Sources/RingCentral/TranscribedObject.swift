/// The result of the async AI speech-to-text API (`TranscribedObject`): the text, every word with
/// its timing, and, with speaker diarization, the utterances.
public struct TranscribedObject: Sendable, Decodable, Equatable {
    /// One word with its timing (seconds) and, when diarized, its speaker.
    public struct Word: Sendable, Decodable, Equatable {
        public var word: String
        public var start: Double
        public var end: Double
        public var confidence: Double?
        public var speakerId: String?

        enum CodingKeys: String, CodingKey { case word, start, end, confidence, speakerId }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            word = c.lossyString(.word) ?? ""
            start = (try? c.decode(Double.self, forKey: .start)) ?? 0
            end = (try? c.decode(Double.self, forKey: .end)) ?? 0
            confidence = try? c.decodeIfPresent(Double.self, forKey: .confidence)
            speakerId = c.lossyString(.speakerId)
        }
    }

    /// One speaker's turn (only with `enableSpeakerDiarization`).
    public struct Utterance: Sendable, Decodable, Equatable {
        public var start: Double
        public var end: Double
        public var text: String
        public var confidence: Double?
        public var speakerId: String?
        public var wordTimings: [Word]

        enum CodingKeys: String, CodingKey { case start, end, text, confidence, speakerId, wordTimings }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            start = (try? c.decode(Double.self, forKey: .start)) ?? 0
            end = (try? c.decode(Double.self, forKey: .end)) ?? 0
            text = c.lossyString(.text) ?? ""
            confidence = try? c.decodeIfPresent(Double.self, forKey: .confidence)
            speakerId = c.lossyString(.speakerId)
            wordTimings = c.lossyArray(Word.self, .wordTimings)
        }
    }

    public var transcript: String
    public var confidence: Double?
    public var speakerCount: Int?
    public var words: [Word]
    public var utterances: [Utterance]

    enum CodingKeys: String, CodingKey { case transcript, confidence, speakerCount, words, utterances }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transcript = c.lossyString(.transcript) ?? ""
        confidence = try? c.decodeIfPresent(Double.self, forKey: .confidence)
        speakerCount = c.lossyInt(.speakerCount).map(Int.init)
        words = c.lossyArray(Word.self, .words)
        utterances = c.lossyArray(Utterance.self, .utterances)
    }
}
