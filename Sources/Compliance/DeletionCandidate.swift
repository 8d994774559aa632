/// A recording a retention or erasure run may delete, with what deleting it removes.
public struct DeletionCandidate: Sendable, Codable, Equatable {
    /// RingCentral's recording id.
    public var recordingId: String
    /// Its call's id.
    public var callId: String
    /// The call's start, milliseconds since 1970 (UTC).
    public var callStartMillis: Int64
    /// The parties' numbers as stored.
    public var fromNumber: String?
    public var toNumber: String?
    /// The storage keys the catalog lists for it: audio, original, sidecar, transcript.
    public var keys: [String]
    /// Their total size in bytes.
    public var bytes: Int64
    /// A download waiting in `tmp/` (absolute path), when there is one.
    public var tmpPath: String?
    /// When a run marked it for deletion (milliseconds since 1970); `nil` while unmarked.
    public var markedAt: Int64?

    /// Creates a candidate.
    public init(
        recordingId: String, callId: String, callStartMillis: Int64, fromNumber: String?, toNumber: String?, keys: [String],
        bytes: Int64, tmpPath: String? = nil, markedAt: Int64? = nil
    ) {
        self.recordingId = recordingId
        self.callId = callId
        self.callStartMillis = callStartMillis
        self.fromNumber = fromNumber
        self.toNumber = toNumber
        self.keys = keys
        self.bytes = bytes
        self.tmpPath = tmpPath
        self.markedAt = markedAt
    }
}
