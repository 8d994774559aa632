import Foundation

/// RingCentral's error envelopes: `{"errorCode","message","errors":[{"errorCode","message"}]}` on
/// resource APIs and `{"error","error_description","errors":[…]}` on the token endpoint.
struct APIErrorBody: Decodable {
    struct Item: Decodable {
        var errorCode: String?
        var message: String?
    }

    var errorCode: String?
    var message: String?
    var error: String?
    var errorDescription: String?
    var errors: [Item]?

    enum CodingKeys: String, CodingKey {
        case errorCode, message, error, errors
        case errorDescription = "error_description"
    }

    static func parse(_ body: [UInt8]) -> APIErrorBody? {
        try? JSONDecoder().decode(APIErrorBody.self, from: Data(body))
    }

    /// Every code in the body, top level first.
    var codes: [String] { ([errorCode, error] + (errors ?? []).map(\.errorCode)).compactMap { $0 } }

    /// The most specific code: an item's (`OAU-149`) before the top level (`TokenInvalid`).
    var primaryCode: String? { errors?.first?.errorCode ?? errorCode ?? error }

    var text: String { message ?? errorDescription ?? errors?.first?.message ?? "" }

    /// `CMN-301`/`CMN-302` request rate exceeded, or `CMN-310` global rate exceeded.
    var isRateLimit: Bool { codes.contains { ["CMN-301", "CMN-302", "CMN-310"].contains($0) } }

    /// A bad, expired or missing access token (`TokenInvalid`, `TokenExpired`, `OAU-1xx`/`OAU-2xx`, `AGW-401`).
    var isTokenProblem: Bool {
        codes.contains { $0 == "TokenInvalid" || $0 == "TokenExpired" || $0 == "AGW-401" || $0.hasPrefix("OAU-") }
    }
}
