/// One end of a call (`from` or `to`).
public struct CallLogParty: Sendable, Codable, Equatable {
    /// As RingCentral sent it.
    public var phoneNumber: String?
    public var extensionNumber: String?
    public var extensionId: String?
    public var name: String?
    public var location: String?

    public init(phoneNumber: String? = nil, extensionNumber: String? = nil, extensionId: String? = nil,
                name: String? = nil, location: String? = nil) {
        self.phoneNumber = phoneNumber
        self.extensionNumber = extensionNumber
        self.extensionId = extensionId
        self.name = name
        self.location = location
    }

    enum CodingKeys: String, CodingKey {
        case phoneNumber, extensionNumber, extensionId, name, location
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phoneNumber = c.lossyString(.phoneNumber)
        extensionNumber = c.lossyString(.extensionNumber)
        extensionId = c.lossyString(.extensionId)
        name = c.lossyString(.name)
        location = c.lossyString(.location)
    }

    /// The number in E.164 when it can be normalized, else as sent.
    public var e164: String? { phoneNumber.map { PhoneNumber.e164($0) ?? $0 } }
}
