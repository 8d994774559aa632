/// One call-log record in the catalog (the `calls` table).
///
/// `id` is RingCentral's call-log record id. `recordJSON` is the record exactly as received, so
/// fields the catalog does not model are never lost.
public struct CallEntry: Sendable, Codable, Equatable {
    /// RingCentral's call-log record id.
    public var id: String
    /// The call's `sessionId`.
    public var sessionId: String?
    /// The call's `telephonySessionId`.
    public var telephonySessionId: String?
    /// Start time in milliseconds since 1970 (UTC).
    public var startTimeMillis: Int64
    /// Duration in seconds.
    public var durationSeconds: Int64?
    /// `Inbound` or `Outbound`.
    public var direction: String?
    /// Caller number (E.164 or raw).
    public var fromNumber: String?
    /// Caller name.
    public var fromName: String?
    /// Callee number (E.164 or raw).
    public var toNumber: String?
    /// Callee name.
    public var toName: String?
    /// RingCentral's `result` (e.g. `Accepted`, `Voicemail`).
    public var result: String?
    /// `accepted`, `voicemail`, `blocked`, `missed` or `unknown`.
    public var qualification: String
    /// Index of the leg that decided the qualification, when there was one.
    public var decidingLeg: Int?
    /// The raw record JSON as received.
    public var recordJSON: String

    /// Creates a call entry.
    public init(
        id: String, sessionId: String? = nil, telephonySessionId: String? = nil, startTimeMillis: Int64,
        durationSeconds: Int64? = nil, direction: String? = nil, fromNumber: String? = nil, fromName: String? = nil,
        toNumber: String? = nil, toName: String? = nil, result: String? = nil, qualification: String = "unknown",
        decidingLeg: Int? = nil, recordJSON: String
    ) {
        self.id = id
        self.sessionId = sessionId
        self.telephonySessionId = telephonySessionId
        self.startTimeMillis = startTimeMillis
        self.durationSeconds = durationSeconds
        self.direction = direction
        self.fromNumber = fromNumber
        self.fromName = fromName
        self.toNumber = toNumber
        self.toName = toName
        self.result = result
        self.qualification = qualification
        self.decidingLeg = decidingLeg
        self.recordJSON = recordJSON
    }
}
