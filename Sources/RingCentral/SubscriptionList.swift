/// `GET /restapi/v1.0/subscription`.
struct SubscriptionList: Decodable {
    var records: [SubscriptionInfo]

    enum CodingKeys: String, CodingKey { case records }

    init(from decoder: any Decoder) throws {
        records = try decoder.container(keyedBy: CodingKeys.self).lossyArray(SubscriptionInfo.self, .records)
    }
}
