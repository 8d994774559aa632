import Essentials
import Foundation

/// Captures any JSON value as compact bytes with sorted keys.
struct RawJSON: Decodable {
    var data: Data

    init(from decoder: any Decoder) throws {
        data = try AnyJSON(from: decoder).encoded()
    }
}
