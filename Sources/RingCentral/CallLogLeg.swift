/// One leg of a call in the Detailed view.
public struct CallLogLeg: Sendable, Codable, Equatable {
    public var legType: String?
    public var master: Bool?
    public var direction: String?
    public var action: String?
    public var result: String?
    public var reason: String?
    public var startTime: String?
    public var duration: Int64?
    public var from: CallLogParty?
    public var to: CallLogParty?
    public var recording: CallLogRecording?

    public init(legType: String? = nil, master: Bool? = nil, direction: String? = nil, action: String? = nil,
                result: String? = nil, reason: String? = nil, startTime: String? = nil, duration: Int64? = nil,
                from: CallLogParty? = nil, to: CallLogParty? = nil, recording: CallLogRecording? = nil) {
        self.legType = legType
        self.master = master
        self.direction = direction
        self.action = action
        self.result = result
        self.reason = reason
        self.startTime = startTime
        self.duration = duration
        self.from = from
        self.to = to
        self.recording = recording
    }

    enum CodingKeys: String, CodingKey {
        case legType, master, direction, action, result, reason, startTime, duration, from, to, recording
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        legType = c.lossyString(.legType)
        master = c.lossyBool(.master)
        direction = c.lossyString(.direction)
        action = c.lossyString(.action)
        result = c.lossyString(.result)
        reason = c.lossyString(.reason)
        startTime = c.lossyString(.startTime)
        duration = c.lossyInt(.duration)
        from = c.lossy(CallLogParty.self, .from)
        to = c.lossy(CallLogParty.self, .to)
        recording = c.lossy(CallLogRecording.self, .recording)
    }
}
