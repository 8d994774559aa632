/// The `CAI-1xx` codes the simulated AI API answers with.
///
/// RingCentral's spec lists `CAI-101` … `CAI-110` (`CaiErrorCodeResponse`) but documents no meanings, so this
/// assignment is the simulator's own; clients should rely on the status and the `Fail` job state, not on which code.
struct AIErrorCode: Sendable, Hashable {
    /// The code text, e.g. `CAI-102`.
    var rawValue: String

    /// The `webhook` query parameter is missing.
    static let webhook = AIErrorCode(rawValue: "CAI-101")
    /// `contentUri` is missing or not a URI.
    static let contentUri = AIErrorCode(rawValue: "CAI-102")
    /// `encoding` is missing or not one of the spec's values.
    static let encoding = AIErrorCode(rawValue: "CAI-103")
    /// `languageCode` is missing or not English.
    static let languageCode = AIErrorCode(rawValue: "CAI-104")
    /// `audioType` is not one of the spec's values.
    static let audioType = AIErrorCode(rawValue: "CAI-105")
    /// `insights` names an unknown insight.
    static let insights = AIErrorCode(rawValue: "CAI-106")
    /// The body is not a JSON object.
    static let body = AIErrorCode(rawValue: "CAI-107")
    /// The media at `contentUri` could not be fetched (job ends `Fail`).
    static let mediaFetch = AIErrorCode(rawValue: "CAI-108")
    /// The fetched media is not in the declared `encoding` (job ends `Fail`).
    static let mediaEncoding = AIErrorCode(rawValue: "CAI-109")
    /// The job id is unknown or expired (404).
    static let unknownJob = AIErrorCode(rawValue: "CAI-110")

    /// `{"errors": [{"errorCode", "message", "parameterName"?}]}`.
    func body(message: String, parameterName: String? = nil) -> JSONValue {
        var item: JSONValue = ["errorCode": .string(self.rawValue), "message": .string(message)]
        if let parameterName {
            item = item.setting("parameterName", to: .string(parameterName))
        }
        return ["errors": [item]]
    }
}
