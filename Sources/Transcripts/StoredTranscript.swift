/// A transcript as the catalog holds it: the normalized form and its sidecar file.
public struct StoredTranscript: Sendable, Codable, Equatable {
    /// The recording.
    public var recordingId: String
    /// The transcript.
    public var transcript: Transcript
    /// Its sidecar.
    public var file: TranscriptFile

    /// Creates a stored transcript.
    public init(recordingId: String, transcript: Transcript, file: TranscriptFile) {
        self.recordingId = recordingId
        self.transcript = transcript
        self.file = file
    }
}
