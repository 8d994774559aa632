/// Where a recording's transcript stands, as the catalog records it.
public enum TranscriptState: String, Sendable, Codable, CaseIterable {
    /// Not fetched yet, or not ready at RingCentral yet (a fetch is scheduled).
    case pending
    /// Stored and searchable.
    case available
    /// RingCentral cannot give one for this recording (no licence for the user, no scope for the
    /// account, an AI job that failed); ``TranscriptStatus/reason`` says why. Not retried.
    case unavailable
    /// None appeared within 48 hours of the call.
    case none
}

/// A recording's transcript state with its reason.
public struct TranscriptStatus: Sendable, Codable, Equatable {
    /// The state.
    public var state: TranscriptState
    /// Why, for `unavailable` and `none`.
    public var reason: String?
    /// The stored version's time, for `available`.
    public var versionMillis: Int64?
    /// Who produced it, for `available`.
    public var source: TranscriptSource?
    /// The async AI job transcribing the recording, while one runs (`pending`).
    public var aiJobId: String?

    /// Creates a status.
    public init(
        state: TranscriptState, reason: String? = nil, versionMillis: Int64? = nil, source: TranscriptSource? = nil,
        aiJobId: String? = nil
    ) {
        self.state = state
        self.reason = reason
        self.versionMillis = versionMillis
        self.source = source
        self.aiJobId = aiJobId
    }
}
