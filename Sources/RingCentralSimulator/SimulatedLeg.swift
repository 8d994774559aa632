public import Foundation

/// One leg of a simulated call, shown only in the `Detailed` call-log view (RingCentral `CallLogRecordLegInfo`).
public struct SimulatedLeg: Sendable {
    /// `Accept`, `TransferCall`, `FindMe`, … (unknown values are passed through).
    public var legType: String
    /// Whether this is the master leg (exactly one per call).
    public var master: Bool
    /// Leg start.
    public var startTime: Date
    /// Leg length in milliseconds.
    public var durationMs: Int
    /// `Inbound` or `Outbound`.
    public var direction: String
    /// `Phone Call`, `Transfer`, …
    public var action: String
    /// `Accepted`, `Call connected`, …
    public var result: String
    /// Optional result reason.
    public var reason: String?
    /// Calling party.
    public var from: SimulatedParty
    /// Called party.
    public var to: SimulatedParty
    /// The leg's own recording, if it was recorded.
    public var recording: SimulatedRecording?
    /// Extra, unknown members appended to the leg object.
    public var extraFields: [String: JSONValue]

    /// Creates a leg.
    public init(
        legType: String,
        master: Bool,
        startTime: Date,
        durationMs: Int,
        direction: String,
        action: String,
        result: String,
        reason: String? = nil,
        from: SimulatedParty,
        to: SimulatedParty,
        recording: SimulatedRecording? = nil,
        extraFields: [String: JSONValue] = [:]
    ) {
        self.legType = legType
        self.master = master
        self.startTime = startTime
        self.durationMs = durationMs
        self.direction = direction
        self.action = action
        self.result = result
        self.reason = reason
        self.from = from
        self.to = to
        self.recording = recording
        self.extraFields = extraFields
    }
}
