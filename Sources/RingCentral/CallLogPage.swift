/// One page of `GET …/call-log` (`CallLogResponse`).
public struct CallLogPage: Sendable, Decodable {
    /// A link in `navigation`.
    public struct Link: Sendable, Decodable, Equatable {
        public var uri: String
    }

    /// `navigation`: paging stops when ``nextPage`` is absent.
    public struct Navigation: Sendable, Decodable, Equatable {
        public var nextPage: Link?
        public var previousPage: Link?
        public var firstPage: Link?
        public var lastPage: Link?
    }

    public var records: [CallLogRecord]
    public var navigation: Navigation?
    /// How many records failed to decode at all (no id); they are skipped, not fatal.
    public var skippedRecords: Int

    enum CodingKeys: String, CodingKey { case records, navigation }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        navigation = c.lossy(Navigation.self, .navigation)
        var list = try c.nestedUnkeyedContainer(forKey: .records)
        var records: [CallLogRecord] = []
        var skipped = 0
        while !list.isAtEnd {
            if let record = try? list.decode(CallLogRecord.self) {
                records.append(record)
            } else {
                _ = try? list.decode(SkippedRecord.self)
                skipped += 1
            }
        }
        self.records = records
        skippedRecords = skipped
    }

    private struct SkippedRecord: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}
