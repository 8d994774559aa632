public import Archive
public import Essentials
public import Transcripts

/// `GET /recordings/{id}`: the call, what was stored (with checksums), the probe and
/// normalization record, the transcript's state and insights, and a signed stream link.
public struct RecordingDetails: Sendable, Encodable {
    /// The transcript part.
    public struct TranscriptPart: Sendable, Encodable {
        public var state: String
        public var reason: String?
        public var source: String?
        public var versionTime: String?
        public var insights: TranscriptInsights?
        public var url: String?
    }

    public var id: String
    public var call: CallEntry
    public var recording: RecordingEntry
    public var files: [StoredFile]
    /// The sidecar's `media` section (probe before and after, normalization), as stored.
    public var media: AnyJSON?
    public var transcript: TranscriptPart
    /// A signed link to the audio, valid at least an hour (or three times the recording's length).
    public var streamUrl: String?
}
