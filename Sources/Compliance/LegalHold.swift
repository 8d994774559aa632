/// A legal hold: while it exists, retention and erasure leave its recordings alone.
///
/// A hold names one recording, or a party's phone number (E.164): then every recording of a
/// call with that party is held, those archived later included.
public struct LegalHold: Sendable, Codable, Equatable {
    /// The hold's id (assigned by the store).
    public var id: Int64
    /// The held recording, for a hold on one recording.
    public var recordingId: String?
    /// The held party in E.164 form, for a hold on a phone number.
    public var phone: String?
    /// Why (a matter, a case number), as given.
    public var reason: String
    /// When it was placed, milliseconds since 1970.
    public var createdAt: Int64
    /// Who placed it (`cli:alice`).
    public var createdBy: String

    /// Creates a hold.
    public init(id: Int64, recordingId: String?, phone: String?, reason: String, createdAt: Int64, createdBy: String) {
        self.id = id
        self.recordingId = recordingId
        self.phone = phone
        self.reason = reason
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// `hold 3 (phone, "Smith v. Northwind")`, for refusals and listings; the number itself is not
    /// repeated.
    public var label: String {
        "hold \(id) (\(phone != nil ? "phone" : "recording"), \"\(reason)\")"
    }

    /// Whether the hold covers a recording whose call has these parties (E.164 or `nil`).
    public func covers(recordingId other: String, parties: [String?]) -> Bool {
        if let recordingId { return recordingId == other }
        if let phone { return parties.contains(phone) }
        return false
    }
}
