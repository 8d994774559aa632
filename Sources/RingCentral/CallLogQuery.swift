public import Foundation

/// The filters of a call-log listing.
public struct CallLogQuery: Sendable, Equatable {
    public var dateFrom: Date
    public var dateTo: Date
    /// `Inbound` and/or `Outbound`; empty for both.
    public var directions: [String]
    /// `Voice`, `Fax`; empty for all.
    public var types: [String]
    /// `Detailed` (legs, needed for qualification) or `Simple`.
    public var view: String
    /// `Automatic`, `OnDemand` or `All`; `nil` for calls with and without recordings.
    public var recordingType: String?
    /// The account's call log (`nil`) or one extension's (`~` for the token's own).
    public var extensionId: String?
    /// One call only: the telephony session of a webhook event.
    public var telephonySessionId: String?

    public init(dateFrom: Date, dateTo: Date, directions: [String] = [], types: [String] = ["Voice"],
                view: String = "Detailed", recordingType: String? = nil, extensionId: String? = nil,
                telephonySessionId: String? = nil) {
        self.dateFrom = dateFrom
        self.dateTo = dateTo
        self.directions = directions
        self.types = types
        self.view = view
        self.recordingType = recordingType
        self.extensionId = extensionId
        self.telephonySessionId = telephonySessionId
    }

    func items(perPage: Int) -> [(String, String)] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var items = [("dateFrom", formatter.string(from: dateFrom)), ("dateTo", formatter.string(from: dateTo))]
        items += directions.map { ("direction", $0) }
        items += types.map { ("type", $0) }
        items.append(("view", view))
        if let recordingType { items.append(("recordingType", recordingType)) }
        if let telephonySessionId { items.append(("telephonySessionId", telephonySessionId)) }
        items += [("perPage", String(perPage)), ("page", "1")]
        return items
    }
}
