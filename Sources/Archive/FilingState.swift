/// What the catalog knows about a recording when its filing starts.
public struct FilingState: Sendable, Equatable {
    /// The recording as stored (its state may be ahead of the caller's copy).
    public var recording: RecordingEntry
    /// Files of an earlier filing, audio first.
    public var files: [StoredFile]
    /// When the call was first seen and last updated.
    public var callFirstSeenAt: Int64
    public var callUpdatedAt: Int64
    /// When the recording was first recorded.
    public var recordingCreatedAt: Int64

    /// Creates a state.
    public init(
        recording: RecordingEntry, files: [StoredFile], callFirstSeenAt: Int64, callUpdatedAt: Int64, recordingCreatedAt: Int64
    ) {
        self.recording = recording
        self.files = files
        self.callFirstSeenAt = callFirstSeenAt
        self.callUpdatedAt = callUpdatedAt
        self.recordingCreatedAt = recordingCreatedAt
    }
}
