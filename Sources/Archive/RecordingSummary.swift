/// One recording in a listing: the call around it and what is stored.
public struct RecordingSummary: Sendable, Codable, Equatable {
    /// RingCentral's recording id.
    public var id: String
    /// The call-log record id.
    public var callId: String
    /// The call's start, milliseconds since 1970.
    public var callStartMillis: Int64
    /// The call's length in seconds, when known.
    public var durationSeconds: Int64?
    /// `Inbound` or `Outbound`.
    public var direction: String?
    /// The calling and called parties.
    public var fromNumber: String?
    public var fromName: String?
    public var toNumber: String?
    public var toName: String?
    /// Pipeline state.
    public var state: RecordingState
    /// The stored audio's format (`mp3`, `wav`) and size, when archived.
    public var audioFormat: String?
    public var audioBytes: Int64?
    /// The transcript's state, when one was looked for.
    public var transcriptState: String?

    /// Creates a summary.
    public init(
        id: String, callId: String, callStartMillis: Int64, durationSeconds: Int64?, direction: String?, fromNumber: String?,
        fromName: String?, toNumber: String?, toName: String?, state: RecordingState, audioFormat: String?, audioBytes: Int64?,
        transcriptState: String?
    ) {
        self.id = id
        self.callId = callId
        self.callStartMillis = callStartMillis
        self.durationSeconds = durationSeconds
        self.direction = direction
        self.fromNumber = fromNumber
        self.fromName = fromName
        self.toNumber = toNumber
        self.toName = toName
        self.state = state
        self.audioFormat = audioFormat
        self.audioBytes = audioBytes
        self.transcriptState = transcriptState
    }
}

/// A page of recordings, newest call first.
public struct RecordingPage: Sendable, Codable, Equatable {
    /// The recordings.
    public var recordings: [RecordingSummary]
    /// Pass as ``RecordingQuery/cursor`` for the next page; `nil` on the last.
    public var nextCursor: String?

    /// Creates a page.
    public init(recordings: [RecordingSummary], nextCursor: String?) {
        self.recordings = recordings
        self.nextCursor = nextCursor
    }
}
