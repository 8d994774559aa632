/// Which RingCentral service transcripts come from (`CALLVAULT_TRANSCRIPTS`).
public enum TranscriptMode: String, Sendable, CaseIterable {
    /// RingSense when the token's scope has it, else the async AI API when it has `AI`, else none.
    case auto
    /// RingSense only.
    case ringsense
    /// The deprecated async AI API only.
    case ai
    /// No transcripts.
    case off

    /// The service to use for a token with `scopes`, or `nil` (with the reason) when none can be.
    public func service(scopes: Set<String>) -> (source: TranscriptSourceChoice?, reason: String?) {
        switch self {
        case .off:
            return (nil, "transcripts are off (CALLVAULT_TRANSCRIPTS=off)")
        case .ringsense:
            return scopes.contains("RingSense")
                ? (.ringsense, nil) : (nil, "the RingCentral token has no RingSense permission; transcripts are off")
        case .ai:
            return scopes.contains("AI") ? (.ai, nil) : (nil, "the RingCentral token has no AI permission; transcripts are off")
        case .auto:
            if scopes.contains("RingSense") { return (.ringsense, nil) }
            if scopes.contains("AI") { return (.ai, nil) }
            return (nil, "the RingCentral token has neither the RingSense nor the AI permission; transcripts are off")
        }
    }
}

/// The service a transcript is fetched from.
public enum TranscriptSourceChoice: String, Sendable {
    case ringsense
    case ai
}
