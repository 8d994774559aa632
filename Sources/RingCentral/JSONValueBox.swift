import Foundation

/// A JSON value decoded generically.
struct JSONValueBox: Decodable {
    var object: Any

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var values: [Any] = []
            while !list.isAtEnd { values.append(try list.decode(JSONValueBox.self).object) }
            object = values
        } else if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var values: [String: Any] = [:]
            for key in keyed.allKeys { values[key.stringValue] = try keyed.decode(JSONValueBox.self, forKey: key).object }
            object = values
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { object = NSNull() }
            else if let value = try? single.decode(Bool.self) { object = value }
            else if let value = try? single.decode(Int64.self) { object = value }
            else if let value = try? single.decode(Double.self) { object = value }
            else { object = try single.decode(String.self) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
