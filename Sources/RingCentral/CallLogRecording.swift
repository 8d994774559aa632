/// The `recording` of a call-log record or leg.
public struct CallLogRecording: Sendable, Codable, Equatable {
    public var id: String
    public var uri: String?
    /// `Automatic` or `OnDemand` (kept as text: new values must not fail a page).
    public var type: String?
    /// Where the audio is: used exactly as returned (media host, `:443` form included), never rebuilt.
    public var contentUri: String

    public init(id: String, uri: String? = nil, type: String? = nil, contentUri: String) {
        self.id = id
        self.uri = uri
        self.type = type
        self.contentUri = contentUri
    }

    enum CodingKeys: String, CodingKey { case id, uri, type, contentUri }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lossyString(.id), let contentUri = c.lossyString(.contentUri) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "recording without id or contentUri")
        }
        self.id = id
        self.contentUri = contentUri
        uri = c.lossyString(.uri)
        type = c.lossyString(.type)
    }
}
