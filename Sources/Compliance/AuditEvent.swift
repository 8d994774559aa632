/// One access to customer data or one change made to it, as the audit records it.
///
/// `details` holds plain strings (filters, a byte range, counts); a phone number of an erasure
/// is only ever put there as ``PhoneDigest``'s keyed hash.
public struct AuditEvent: Sendable, Codable, Equatable {
    /// When, milliseconds since 1970.
    public var at: Int64
    /// What.
    public var action: AuditAction
    /// Who: `token`, `signed-link:{kid}`, `session:{id}`, `cli:{user}`, `job:retention`.
    public var actor: String
    /// The recording concerned, when one is.
    public var recordingId: String?
    /// Everything else, as text.
    public var details: [String: String]

    /// Creates an event.
    public init(at: Int64, action: AuditAction, actor: String, recordingId: String? = nil, details: [String: String] = [:]) {
        self.at = at
        self.action = action
        self.actor = actor
        self.recordingId = recordingId
        self.details = details
    }
}
