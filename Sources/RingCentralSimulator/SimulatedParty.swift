/// The `from` / `to` party of a simulated call-log record (RingCentral `CallLogParty`).
public struct SimulatedParty: Sendable, Hashable {
    /// Phone number as RingCentral would print it (usually E.164, sometimes not).
    public var phoneNumber: String?
    /// Short internal extension number.
    public var extensionNumber: String?
    /// Extension id (string).
    public var extensionId: String?
    /// Caller-id or directory name.
    public var name: String?
    /// Caller-id location text.
    public var location: String?

    /// Creates a party; every member is optional.
    public init(
        phoneNumber: String? = nil,
        extensionNumber: String? = nil,
        extensionId: String? = nil,
        name: String? = nil,
        location: String? = nil
    ) {
        self.phoneNumber = phoneNumber
        self.extensionNumber = extensionNumber
        self.extensionId = extensionId
        self.name = name
        self.location = location
    }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let phoneNumber { members.append((key: "phoneNumber", value: .string(phoneNumber))) }
        if let extensionNumber { members.append((key: "extensionNumber", value: .string(extensionNumber))) }
        if let extensionId { members.append((key: "extensionId", value: .string(extensionId))) }
        if let name { members.append((key: "name", value: .string(name))) }
        if let location { members.append((key: "location", value: .string(location))) }
        return .object(members)
    }
}
