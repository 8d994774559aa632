/// What is said in a simulated recording, as lines in speaking order, before the simulator times them.
///
/// Recordings get a generated transcript (``generated(recordingId:)``): a support or sales call picked and filled in
/// deterministically from the recording id, drawn from a small library of scenarios. Every scenario mentions known
/// phrases tests can search for:
///
/// - ``refundPhrase`` (`refund`) in billing-dispute and cancellation calls,
/// - ``cancellationPhrase`` (`cancel my subscription`) in cancellation calls,
/// - an account number, spoken as `account number is` followed by eight digits, in billing calls,
/// - a card-number-like sequence spoken as four groups of four digits (`4539 1488 0343 6467`, Luhn-valid) in
///   card-update calls, for redaction tests.
///
/// A configuration (``SimulatorConfiguration/transcripts``) or ``RingCentralSimulator/setTranscript(_:forRecording:)``
/// can force any transcript instead, for example ``htmlInjection``. The simulator lays the lines out inside the
/// recording's duration at a natural speaking rate (faster if they would not fit otherwise), and serves the same
/// utterances through RingSense (`Transcript`) and the AI API (`utterances`, `words`).
///
/// ```swift
/// configuration.transcripts["5000"] = SimulatedTranscript([
///     (.agent, "Thanks for calling, how can I help?"),
///     (.customer, "I want to cancel my subscription."),
/// ])
/// ```
public struct SimulatedTranscript: Sendable, Hashable {
    /// Who says a line.
    public enum Speaker: String, Sendable, Hashable, CaseIterable {
        /// The account's user: an extension of the account (the agent).
        case agent
        /// The outside party (the customer).
        case customer
    }

    /// One line of the script.
    public struct Line: Sendable, Hashable {
        /// Who says it.
        public var speaker: Speaker
        /// What is said.
        public var text: String

        /// Creates a line.
        public init(speaker: Speaker, text: String) {
            self.speaker = speaker
            self.text = text
        }
    }

    /// The lines in speaking order.
    public var lines: [Line]

    /// Creates a transcript from lines.
    public init(lines: [Line]) {
        self.lines = lines
    }

    /// Creates a transcript from `(speaker, text)` pairs.
    public init(_ lines: [(Speaker, String)]) {
        self.lines = lines.map { Line(speaker: $0.0, text: $0.1) }
    }

    /// Every line joined by spaces.
    public var text: String {
        self.lines.map(\.text).joined(separator: " ")
    }

    /// The word searched by refund tests; present in billing-dispute and cancellation calls.
    public static let refundPhrase = "refund"

    /// The phrase searched by cancellation tests; present in cancellation calls.
    public static let cancellationPhrase = "cancel my subscription"

    /// A fixture whose lines carry markup, for HTML-escaping tests: the literal texts `<script>alert(1)</script>` and
    /// `<img src=x onerror=alert(1)>`.
    public static let htmlInjection = SimulatedTranscript([
        (.agent, "Thank you for calling, how can I help you today?"),
        (.customer, "My company name is <script>alert(1)</script> and it shows up oddly on my invoice."),
        (.agent, "I see, and the logo field says <img src=x onerror=alert(1)> instead of an image."),
        (.customer, "Exactly, can you fix both & send me a corrected invoice?"),
        (.agent, "Yes, I will correct the profile and email a new invoice today."),
    ])

    /// The generated transcript of a recording: the scenario and the numbers in it (account number, card number,
    /// amounts, names) depend only on the recording id.
    ///
    /// - Parameters:
    ///   - recordingId: The recording id (the seed).
    ///   - agentName: The agent's name as introduced in the call; a first name is taken from it.
    /// - Returns: The script.
    public static func generated(recordingId: String, agentName: String = "Alex") -> SimulatedTranscript {
        TranscriptScenario.scenario(for: recordingId).script(recordingId: recordingId, agentName: agentName)
    }
}
