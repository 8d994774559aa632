import Foundation

/// Captures any JSON value as bytes.
struct RawJSON: Decodable {
    var data: Data

    init(from decoder: any Decoder) throws {
        let value = try JSONValueBox(from: decoder)
        data = try JSONSerialization.data(withJSONObject: value.object, options: [.fragmentsAllowed, .sortedKeys])
    }
}
