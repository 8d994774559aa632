/// `GET …/recording/{id}` (`GetCallRecordingResponse`).
public struct RecordingMetadata: Sendable, Codable, Equatable {
    public var id: String
    public var contentUri: String
    /// `audio/mpeg` or `audio/wav` (older accounts: `audio/x-wav`).
    public var contentType: String?
    /// Seconds.
    public var duration: Int64?

    enum CodingKeys: String, CodingKey { case id, contentUri, contentType, duration }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lossyString(.id), let contentUri = c.lossyString(.contentUri) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "recording metadata without id or contentUri")
        }
        self.id = id
        self.contentUri = contentUri
        contentType = c.lossyString(.contentType)
        duration = c.lossyInt(.duration)
    }
}
