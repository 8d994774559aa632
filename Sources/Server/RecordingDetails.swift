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

    private enum Keys: String, CodingKey { case id, call, recording, files, media, transcript, streamUrl, hold }

    /// The call is encoded without its raw call-log record (RingCentral's internal addresses; the
    /// fields above carry what it says).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(CallWithoutRecord(call: call), forKey: .call)
        try container.encode(RecordingWithoutLocalPaths(recording: recording), forKey: .recording)
        try container.encode(files, forKey: .files)
        try container.encodeIfPresent(media, forKey: .media)
        try container.encode(transcript, forKey: .transcript)
        try container.encodeIfPresent(streamUrl, forKey: .streamUrl)
        try container.encode(hold, forKey: .hold)
    }

    /// A recording's fields except where a download is being staged on this machine; a failure's
    /// message without the machine's paths.
    private struct RecordingWithoutLocalPaths: Encodable {
        var recording: RecordingEntry

        private enum Keys: String, CodingKey {
            case id, callId, contentUri, recordingType, expectedDurationSeconds, expectedDurationIsExact, state, contentType
            case receivedBytes, receivedSHA256, lastError
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(recording.id, forKey: .id)
            try container.encode(recording.callId, forKey: .callId)
            try container.encode(recording.contentUri, forKey: .contentUri)
            try container.encodeIfPresent(recording.recordingType, forKey: .recordingType)
            try container.encodeIfPresent(recording.expectedDurationSeconds, forKey: .expectedDurationSeconds)
            try container.encodeIfPresent(recording.expectedDurationIsExact, forKey: .expectedDurationIsExact)
            try container.encode(recording.state, forKey: .state)
            try container.encodeIfPresent(recording.contentType, forKey: .contentType)
            try container.encodeIfPresent(recording.receivedBytes, forKey: .receivedBytes)
            try container.encodeIfPresent(recording.receivedSHA256, forKey: .receivedSHA256)
            try container.encodeIfPresent(recording.lastError.map(PathScrubber.scrub), forKey: .lastError)
        }
    }

    /// A call's fields except `recordJSON`.
    private struct CallWithoutRecord: Encodable {
        var call: CallEntry

        private enum Keys: String, CodingKey {
            case id, sessionId, telephonySessionId, startTimeMillis, durationSeconds, direction, fromNumber, fromName, toNumber, toName
            case result, qualification, decidingLeg
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(call.id, forKey: .id)
            try container.encodeIfPresent(call.sessionId, forKey: .sessionId)
            try container.encodeIfPresent(call.telephonySessionId, forKey: .telephonySessionId)
            try container.encode(call.startTimeMillis, forKey: .startTimeMillis)
            try container.encodeIfPresent(call.durationSeconds, forKey: .durationSeconds)
            try container.encodeIfPresent(call.direction, forKey: .direction)
            try container.encodeIfPresent(call.fromNumber, forKey: .fromNumber)
            try container.encodeIfPresent(call.fromName, forKey: .fromName)
            try container.encodeIfPresent(call.toNumber, forKey: .toNumber)
            try container.encodeIfPresent(call.toName, forKey: .toName)
            try container.encodeIfPresent(call.result, forKey: .result)
            try container.encode(call.qualification, forKey: .qualification)
            try container.encodeIfPresent(call.decidingLeg, forKey: .decidingLeg)
        }
    }
}
