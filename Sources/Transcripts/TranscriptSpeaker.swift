/// One person in a transcript.
public struct TranscriptSpeaker: Sendable, Codable, Equatable {
    /// The producer's speaker id (a RingSense party id, or `"0"`, `"1"` from the AI API).
    public var id: String
    /// The name, when known.
    public var name: String?
    /// Whether the speaker is an extension of the account (an agent), `nil` when unknown.
    public var isInternal: Bool?
    /// The extension id for internal speakers.
    public var extensionId: String?
    /// The phone number, when the producer gives one.
    public var phoneNumber: String?

    /// Creates a speaker.
    public init(id: String, name: String? = nil, isInternal: Bool? = nil, extensionId: String? = nil, phoneNumber: String? = nil) {
        self.id = id
        self.name = name
        self.isInternal = isInternal
        self.extensionId = extensionId
        self.phoneNumber = phoneNumber
    }

    /// `agent` for internal speakers, `customer` for external ones, `nil` when unknown.
    public var role: String? {
        isInternal.map { $0 ? "agent" : "customer" }
    }
}
