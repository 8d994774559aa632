public import Foundation

/// One call in the simulator's call log.
///
/// The generator (``CallLogGenerator``) produces a realistic day of these; tests can also build them directly and
/// hand them to ``SimulatorConfiguration/calls`` or ``RingCentralSimulator/setCalls(_:)``.
///
/// ```swift
/// let call = SimulatedCall.recorded(id: "call-1", recordingId: "1001", format: .wavPCM16, durationSeconds: 42)
/// ```
public struct SimulatedCall: Sendable {
    /// Call-log record id.
    public var id: String
    /// Legacy numeric session id.
    public var sessionId: String
    /// Telephony session id (`s-…`).
    public var telephonySessionId: String
    /// Call start.
    public var startTime: Date
    /// Call length in milliseconds (`duration` is this rounded down to seconds).
    public var durationMs: Int
    /// `Voice` or `Fax`.
    public var type: String
    /// `Inbound` or `Outbound`.
    public var direction: String
    /// `Phone Call`, `VoIP Call`, `Transfer`, …
    public var action: String
    /// `Accepted`, `Call connected`, `Missed`, `Voicemail`, …
    public var result: String
    /// Optional `reason`.
    public var reason: String?
    /// Optional `reasonDescription`.
    public var reasonDescription: String?
    /// Calling party.
    public var from: SimulatedParty
    /// Called party.
    public var to: SimulatedParty
    /// The call's recording (top-level `recording`), if any.
    public var recording: SimulatedRecording?
    /// `true` for calls whose recording was too short to keep (no `recording` member).
    public var shortRecording: Bool
    /// Legs, shown in the `Detailed` view. Empty means "one master leg derived from the call".
    public var legs: [SimulatedLeg]
    /// `PSTN` or `VoIP`.
    public var transport: String
    /// Optional `internalType`.
    public var internalType: String?
    /// When the record last changed; defaults to the end of the call plus a few minutes.
    public var lastModifiedTime: Date?
    /// Unknown members appended to the record (clients must ignore them).
    public var extraFields: [String: JSONValue]

    /// Creates a call.
    public init(
        id: String,
        sessionId: String? = nil,
        telephonySessionId: String? = nil,
        startTime: Date,
        durationMs: Int,
        type: String = "Voice",
        direction: String = "Inbound",
        action: String = "Phone Call",
        result: String = "Accepted",
        reason: String? = nil,
        reasonDescription: String? = nil,
        from: SimulatedParty = SimulatedParty(phoneNumber: "+14155550100", name: "Caller"),
        to: SimulatedParty = SimulatedParty(phoneNumber: "+16505550100", extensionNumber: "101", name: "Agent"),
        recording: SimulatedRecording? = nil,
        shortRecording: Bool = false,
        legs: [SimulatedLeg] = [],
        transport: String = "PSTN",
        internalType: String? = nil,
        lastModifiedTime: Date? = nil,
        extraFields: [String: JSONValue] = [:]
    ) {
        self.id = id
        let digits = String(id.unicodeScalars.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1.value)) &* 1_099_511_628_211 } % 9_000_000_000_000 + 1_000_000_000_000)
        self.sessionId = sessionId ?? digits
        self.telephonySessionId = telephonySessionId ?? "s-sim\(digits)"
        self.startTime = startTime
        self.durationMs = durationMs
        self.type = type
        self.direction = direction
        self.action = action
        self.result = result
        self.reason = reason
        self.reasonDescription = reasonDescription
        self.from = from
        self.to = to
        self.recording = recording
        self.shortRecording = shortRecording
        self.legs = legs
        self.transport = transport
        self.internalType = internalType
        self.lastModifiedTime = lastModifiedTime
        self.extraFields = extraFields
    }

    /// A simple accepted call with one recording.
    ///
    /// - Parameters:
    ///   - id: Call-log record id.
    ///   - recordingId: Recording id.
    ///   - format: Served format.
    ///   - type: Recording type, `Automatic` or `OnDemand`.
    ///   - durationSeconds: Call length (and, unless `recordingSeconds` is given, recording length).
    ///   - recordingSeconds: Recording length when it is shorter than the call (an on-demand recording started late,
    ///     ending with the call); `nil` means the whole call was recorded.
    ///   - startTime: Call start; defaults to one hour ago on the wall clock.
    ///   - direction: `Inbound` or `Outbound`.
    /// - Returns: The call.
    public static func recorded(
        id: String,
        recordingId: String,
        format: SimulatedAudioFormat = .mp3,
        type: String = "Automatic",
        durationSeconds: Int,
        recordingSeconds: Int? = nil,
        startTime: Date = Date().addingTimeInterval(-3600),
        direction: String = "Inbound"
    ) -> SimulatedCall {
        let recorded = min(recordingSeconds ?? durationSeconds, durationSeconds)
        let agent = SimulatedParty(phoneNumber: "+16505550100", extensionNumber: "101", name: "Agent")
        let customer = SimulatedParty(phoneNumber: "+14155550100", name: "Caller")
        let outbound = direction == "Outbound"
        return SimulatedCall(
            id: id,
            startTime: startTime,
            durationMs: durationSeconds * 1000,
            direction: direction,
            result: outbound ? "Call connected" : "Accepted",
            from: outbound ? agent : customer,
            to: outbound ? customer : agent,
            recording: SimulatedRecording(
                id: recordingId, type: type, format: format, durationSeconds: recorded, offsetSeconds: durationSeconds - recorded
            )
        )
    }

    /// `count` accepted, recorded calls one minute apart ending now (newest first), for tests and benchmarks.
    ///
    /// Call ids are `call-0…`, recording ids `firstRecordingId + index`; formats cycle through `formats`.
    ///
    /// - Parameters:
    ///   - count: Number of calls.
    ///   - formats: Formats to cycle through.
    ///   - durationSeconds: Length of every call and recording.
    ///   - firstRecordingId: Id of the first recording.
    ///   - endDate: Start of the newest call is one minute before this.
    /// - Returns: The calls.
    public static func recordedCalls(
        count: Int,
        formats: [SimulatedAudioFormat] = [.mp3],
        durationSeconds: Int = 60,
        firstRecordingId: Int = 5000,
        endDate: Date = Date()
    ) -> [SimulatedCall] {
        let formats = formats.isEmpty ? [.mp3] : formats
        var calls: [SimulatedCall] = []
        for index in 0..<max(count, 0) {
            calls.append(
                .recorded(
                    id: "call-\(index)", recordingId: String(firstRecordingId + index), format: formats[index % formats.count],
                    durationSeconds: durationSeconds, startTime: endDate.addingTimeInterval(-Double(60 * (index + 1))),
                    direction: index % 2 == 0 ? "Inbound" : "Outbound"
                )
            )
        }
        return calls
    }

    /// The call's recording plus every leg recording, without duplicates, in leg order.
    public var allRecordings: [SimulatedRecording] {
        var seen = Set<String>()
        var result: [SimulatedRecording] = []
        for recording in [self.recording].compactMap({ $0 }) + self.legs.compactMap(\.recording) where !seen.contains(recording.id) {
            seen.insert(recording.id)
            result.append(recording)
        }
        return result
    }
}
