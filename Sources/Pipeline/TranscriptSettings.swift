public import Transcripts

/// How transcripts are fetched (`CALLVAULT_TRANSCRIPTS`, `CALLVAULT_TRANSCRIPT_LANGUAGE`,
/// `CALLVAULT_PUBLIC_URL`, `CALLVAULT_INSIGHTS_RECHECK`, `CALLVAULT_REDACT`).
public struct TranscriptSettings: Sendable {
    /// Which service.
    public var mode: TranscriptMode
    /// The language asked of the AI API, such as `en-US`.
    public var language: String
    /// Where RingCentral posts AI job results (`{public URL}/webhooks/ringcentral/ai/{secret}`);
    /// `nil` without `CALLVAULT_PUBLIC_URL`: results are then polled.
    public var aiCallbackURL: String?
    /// After storing RingSense insights, look again this long after they were created, for a
    /// newer version (AI Notes delivers twice).
    public var recheckMillis: Int64
    /// Stop waiting for insights this long after the call ended, and record "none".
    public var giveUpMillis: Int64
    /// What is masked in transcripts before they are stored (`CALLVAULT_REDACT`); none by default.
    public var redaction: Set<RedactionKind>

    /// Creates settings.
    public init(
        mode: TranscriptMode = .auto, language: String = "en-US", aiCallbackURL: String? = nil, recheckMillis: Int64 = 3_600_000,
        giveUpMillis: Int64 = 48 * 3_600_000, redaction: Set<RedactionKind> = []
    ) {
        self.redaction = redaction
        self.mode = mode
        self.language = language
        self.aiCallbackURL = aiCallbackURL
        self.recheckMillis = recheckMillis
        self.giveUpMillis = giveUpMillis
    }

    /// When to ask again for insights that are not ready, after the call ended `elapsed` ago:
    /// a growing schedule (2 min, 10 min, 1 h, 6 h, 24 h after the previous), then the give-up time.
    public func nextCheck(callEndMillis: Int64, now: Int64) -> Int64? {
        let giveUp = callEndMillis + giveUpMillis
        guard now < giveUp else { return nil }
        var at = callEndMillis
        for step: Int64 in [120_000, 600_000, 3_600_000, 21_600_000, 86_400_000] {
            at += step
            if at > now { return min(at, giveUp) }
        }
        return giveUp
    }
}
