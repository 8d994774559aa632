/// One call-log record (`CallLogRecord`), decoded tolerantly: only `id` is required; unknown fields
/// and unknown enum values (kept as text) never fail a page.
public struct CallLogRecord: Sendable, Codable, Equatable {
    public var id: String
    public var uri: String?
    public var sessionId: String?
    public var telephonySessionId: String?
    /// ISO 8601 as sent, for example `2025-01-06T10:30:00.123Z`.
    public var startTime: String?
    /// Seconds.
    public var duration: Int64?
    public var durationMs: Int64?
    /// `Voice`, `Fax`, …
    public var type: String?
    /// `Inbound` or `Outbound`.
    public var direction: String?
    public var action: String?
    public var result: String?
    public var reason: String?
    public var from: CallLogParty?
    public var to: CallLogParty?
    public var recording: CallLogRecording?
    /// Set when the recording was too short to keep; such a record has no downloadable recording.
    public var shortRecording: Bool?
    public var lastModifiedTime: String?
    /// Only in the Detailed view.
    public var legs: [CallLogLeg]

    public init(id: String, uri: String? = nil, sessionId: String? = nil, telephonySessionId: String? = nil,
                startTime: String? = nil, duration: Int64? = nil, durationMs: Int64? = nil, type: String? = nil,
                direction: String? = nil, action: String? = nil, result: String? = nil, reason: String? = nil,
                from: CallLogParty? = nil, to: CallLogParty? = nil, recording: CallLogRecording? = nil,
                shortRecording: Bool? = nil, lastModifiedTime: String? = nil, legs: [CallLogLeg] = []) {
        self.id = id
        self.uri = uri
        self.sessionId = sessionId
        self.telephonySessionId = telephonySessionId
        self.startTime = startTime
        self.duration = duration
        self.durationMs = durationMs
        self.type = type
        self.direction = direction
        self.action = action
        self.result = result
        self.reason = reason
        self.from = from
        self.to = to
        self.recording = recording
        self.shortRecording = shortRecording
        self.lastModifiedTime = lastModifiedTime
        self.legs = legs
    }

    enum CodingKeys: String, CodingKey {
        case id, uri, sessionId, telephonySessionId, startTime, duration, durationMs, type, direction, action
        case result, reason, from, to, recording, shortRecording, lastModifiedTime, legs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lossyString(.id) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "call-log record without id")
        }
        self.id = id
        uri = c.lossyString(.uri)
        sessionId = c.lossyString(.sessionId)
        telephonySessionId = c.lossyString(.telephonySessionId)
        startTime = c.lossyString(.startTime)
        duration = c.lossyInt(.duration)
        durationMs = c.lossyInt(.durationMs)
        type = c.lossyString(.type)
        direction = c.lossyString(.direction)
        action = c.lossyString(.action)
        result = c.lossyString(.result)
        reason = c.lossyString(.reason)
        from = c.lossy(CallLogParty.self, .from)
        to = c.lossy(CallLogParty.self, .to)
        recording = c.lossy(CallLogRecording.self, .recording)
        shortRecording = c.lossyBool(.shortRecording)
        lastModifiedTime = c.lossyString(.lastModifiedTime)
        legs = c.lossyArray(CallLogLeg.self, .legs)
    }

    /// Every distinct recording of the call: the record's own and its legs', in leg order.
    public var recordings: [CallLogRecording] {
        var seen = Set<String>()
        return ([recording] + legs.map(\.recording)).compactMap { $0 }.filter { seen.insert($0.id).inserted }
    }
}
