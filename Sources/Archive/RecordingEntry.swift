/// One recording in the catalog (the `recordings` table).
public struct RecordingEntry: Sendable, Codable, Equatable {
    /// RingCentral's recording id.
    public var id: String
    /// The call-log record this recording belongs to.
    public var callId: String
    /// The media URL exactly as RingCentral returned it.
    public var contentUri: String
    /// RingCentral's recording `type` (`Automatic`, `OnDemand`).
    public var recordingType: String?
    /// The duration RingCentral announced, in seconds.
    public var expectedDurationSeconds: Int64?
    /// Whether ``expectedDurationSeconds`` is the recording's own length (the duration of the leg
    /// that carries it); otherwise (`nil` or `false`) it is the whole call's, only an upper bound
    /// (an on-demand or transferred recording is shorter than its call).
    public var expectedDurationIsExact: Bool?
    /// Pipeline state.
    public var state: RecordingState
    /// The `Content-Type` of the download.
    public var contentType: String?
    /// Bytes received.
    public var receivedBytes: Int64?
    /// SHA-256 (lowercase hex) of the bytes received.
    public var receivedSHA256: String?
    /// Where the download waits in `tmp/` (state `downloaded`).
    public var tmpPath: String?
    /// The last failure's message.
    public var lastError: String?

    /// Creates a recording entry.
    public init(
        id: String, callId: String, contentUri: String, recordingType: String? = nil,
        expectedDurationSeconds: Int64? = nil, state: RecordingState = .pending, contentType: String? = nil,
        receivedBytes: Int64? = nil, receivedSHA256: String? = nil, tmpPath: String? = nil, lastError: String? = nil,
        expectedDurationIsExact: Bool? = nil
    ) {
        self.id = id
        self.callId = callId
        self.contentUri = contentUri
        self.recordingType = recordingType
        self.expectedDurationSeconds = expectedDurationSeconds
        self.state = state
        self.contentType = contentType
        self.receivedBytes = receivedBytes
        self.receivedSHA256 = receivedSHA256
        self.tmpPath = tmpPath
        self.lastError = lastError
        self.expectedDurationIsExact = expectedDurationIsExact
    }
}
