/// The body of a telephony session notification.
public struct TelephonySessionEvent: Sendable, Decodable, Equatable {
    /// One party of the session.
    public struct Party: Sendable, Decodable, Equatable {
        public struct Recording: Sendable, Decodable, Equatable {
            public var id: String
            public var active: Bool?

            enum CodingKeys: String, CodingKey { case id, active }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                guard let id = c.lossyString(.id) else {
                    throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "recording without id")
                }
                self.id = id
                active = c.lossyBool(.active)
            }
        }

        public var id: String?
        public var direction: String?
        public var from: CallLogParty?
        public var to: CallLogParty?
        public var recordings: [Recording]
        /// `Setup`, `Proceeding`, `Answered`, `Disconnected`, `Gone`, …
        public var statusCode: String?
        /// `CallFinished`, `BlindTransfer`, `AttendedTransfer`, `Voicemail`, …
        public var statusReason: String?

        enum CodingKeys: String, CodingKey { case id, direction, from, to, recordings, status }
        enum StatusKeys: String, CodingKey { case code, reason }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = c.lossyString(.id)
            direction = c.lossyString(.direction)
            from = c.lossy(CallLogParty.self, .from)
            to = c.lossy(CallLogParty.self, .to)
            recordings = c.lossyArray(Recording.self, .recordings)
            let status = try? c.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
            statusCode = status?.lossyString(.code)
            statusReason = status?.lossyString(.reason)
        }
    }

    public var sequence: Int64?
    public var sessionId: String?
    public var telephonySessionId: String?
    public var eventTime: String?
    public var parties: [Party]

    enum CodingKeys: String, CodingKey { case sequence, sessionId, telephonySessionId, eventTime, parties }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = c.lossyInt(.sequence)
        sessionId = c.lossyString(.sessionId)
        telephonySessionId = c.lossyString(.telephonySessionId)
        eventTime = c.lossyString(.eventTime)
        parties = c.lossyArray(Party.self, .parties)
    }

    /// Whether a party finished its leg (`Disconnected` without a transfer reason): time to look for
    /// the call-log row and its recordings.
    public var callEnded: Bool {
        parties.contains { $0.statusCode == "Disconnected" && !["BlindTransfer", "AttendedTransfer"].contains($0.statusReason ?? "") }
    }

    /// Recording ids mentioned by any party.
    public var recordingIds: [String] { Array(Set(parties.flatMap { $0.recordings.map(\.id) })).sorted() }
}
