/// A recording a run left alone because of a legal hold.
public struct HeldRecording: Sendable, Codable, Equatable {
    /// The recording.
    public var recordingId: String
    /// The hold that covers it.
    public var holdId: Int64
    /// The hold's reason.
    public var reason: String
    /// Whether the hold is on a phone number (else on the recording).
    public var byPhone: Bool

    /// Creates an entry.
    public init(recordingId: String, hold: LegalHold) {
        self.recordingId = recordingId
        holdId = hold.id
        reason = hold.reason
        byPhone = hold.phone != nil
    }

    /// `recording 42 is held by hold 3 (phone, "Smith v. Northwind")`.
    public var refusal: String {
        "recording \(recordingId) is held by hold \(holdId) (\(byPhone ? "phone" : "recording"), \"\(reason)\")"
    }
}
