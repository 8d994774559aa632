/// Where a recording was filed, and what was stored.
public struct ArchivedRecording: Sendable, Equatable {
    /// The recording id.
    public var recordingId: String
    /// The audio, e.g. `recordings/2025/01/06/20250106T103000Z_recording_1.mp3` (relative to home).
    public var audio: StoredFile
    /// The received bytes, kept because normalization changed them (`nil` when the audio is the
    /// received bytes or keeping originals is off).
    public var original: StoredFile?
    /// The metadata sidecar.
    public var sidecar: StoredFile
    /// Size and SHA-256 of the bytes received.
    public var receivedBytes: Int64
    /// SHA-256 of the bytes received.
    public var receivedSHA256: String
    /// `true` when the recording was already filed with the same bytes and nothing was written.
    public var alreadyArchived: Bool

    /// Creates a record of a filed set.
    public init(
        recordingId: String, audio: StoredFile, original: StoredFile?, sidecar: StoredFile, receivedBytes: Int64, receivedSHA256: String,
        alreadyArchived: Bool
    ) {
        self.recordingId = recordingId
        self.audio = audio
        self.original = original
        self.sidecar = sidecar
        self.receivedBytes = receivedBytes
        self.receivedSHA256 = receivedSHA256
        self.alreadyArchived = alreadyArchived
    }

    /// Every file of the set, audio first, sidecar last.
    public var files: [StoredFile] { [audio] + (original.map { [$0] } ?? []) + [sidecar] }
}
