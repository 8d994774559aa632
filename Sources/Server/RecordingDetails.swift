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

    /// The legal hold on a recording: its reason, when it was placed, and whether it is on a
    /// party's phone number (else on this recording).
    public struct HoldPart: Sendable, Encodable {
        public var reason: String
        public var createdAt: String
        public var phone: Bool
    }

    /// `hold`: a ``HoldPart`` or JSON `null`, never missing.
    public struct HoldField: Sendable, Encodable {
        public var value: HoldPart?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
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
    /// The legal hold that keeps the recording from retention and erasure, or `null`.
    public var hold = HoldField(value: nil)
}
