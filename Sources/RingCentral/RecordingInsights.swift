/// RingSense insights for one recording (`RecordingInsights`), also the body of the insights event.
public struct RecordingInsights: Sendable, Decodable, Equatable {
    /// One transcript segment or insight value.
    public struct Item: Sendable, Decodable, Equatable {
        public var start: Double?
        public var end: Double?
        public var speakerId: String?
        public var text: String?
        public var value: String?
        /// A heading grouping bulleted-summary items, when given.
        public var section: String?

        enum CodingKeys: String, CodingKey { case start, end, speakerId, text, value, section }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            start = (try? c.decodeIfPresent(Double.self, forKey: .start)) ?? nil
            end = (try? c.decodeIfPresent(Double.self, forKey: .end)) ?? nil
            speakerId = c.lossyString(.speakerId)
            text = c.lossyString(.text)
            value = c.lossyString(.value)
            section = c.lossyString(.section)
        }
    }

    /// A participant (`speakerInfo[]`); `extensionId`/`accountId` are set for the account's own
    /// users and absent (or `null`) for outside parties.
    public struct Speaker: Sendable, Decodable, Equatable {
        public var speakerId: String?
        public var name: String?
        public var accountId: String?
        public var extensionId: String?
        public var phoneNumber: String?

        enum CodingKeys: String, CodingKey { case speakerId, name, accountId, extensionId, phoneNumber }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            speakerId = c.lossyString(.speakerId)
            name = c.lossyString(.name)
            accountId = c.lossyString(.accountId)
            extensionId = c.lossyString(.extensionId)
            phoneNumber = c.lossyString(.phoneNumber)
        }
    }

    public var title: String?
    public var domain: String?
    public var sourceRecordId: String?
    public var sourceSessionId: String?
    public var recordingDurationMs: Int64?
    public var recordingStartTime: String?
    public var callDirection: String?
    public var ownerExtensionId: String?
    public var creationTime: String?
    /// When this version was made; a later delivery with a newer time replaces it.
    public var lastModifiedTime: String?
    public var speakerInfo: [Speaker]
    /// Insight name (`Transcript`, `Summary`, `NextSteps`, …) to its items; unknown names kept.
    public var insights: [String: [Item]]

    enum CodingKeys: String, CodingKey {
        case title, domain, sourceRecordId, sourceSessionId, recordingDurationMs, recordingStartTime, callDirection,
            ownerExtensionId, creationTime, lastModifiedTime, speakerInfo, insights
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = c.lossyString(.title)
        domain = c.lossyString(.domain)
        sourceRecordId = c.lossyString(.sourceRecordId)
        sourceSessionId = c.lossyString(.sourceSessionId)
        recordingDurationMs = c.lossyInt(.recordingDurationMs)
        recordingStartTime = c.lossyString(.recordingStartTime)
        callDirection = c.lossyString(.callDirection)
        ownerExtensionId = c.lossyString(.ownerExtensionId)
        creationTime = c.lossyString(.creationTime)
        lastModifiedTime = c.lossyString(.lastModifiedTime)
        speakerInfo = c.lossyArray(Speaker.self, .speakerInfo)
        insights = (try? c.decodeIfPresent([String: LossyItems].self, forKey: .insights))?.mapValues(\.items) ?? [:]
    }

    /// The transcript segments, in order.
    public var transcript: [Item] { insights["Transcript"] ?? [] }

    private struct LossyItems: Decodable {
        var items: [Item]
        init(from decoder: any Decoder) throws {
            var list = try decoder.unkeyedContainer()
            var items: [Item] = []
            while !list.isAtEnd {
                if let item = try? list.decode(Item.self) { items.append(item) } else { _ = try? list.decode(Skip.self) }
            }
            self.items = items
        }
    }

    private struct Skip: Decodable { init(from decoder: any Decoder) throws {} }
}
