import Foundation

/// Encodes and decodes ``RecordingSidecar`` JSON (pretty, sorted keys, stable).
enum SidecarCoding {
    static func encode(_ sidecar: RecordingSidecar) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(sidecar)
        data.append(0x0A)
        return data
    }

    static func decode(_ data: Data, path: String) throws -> RecordingSidecar {
        do {
            return try JSONDecoder().decode(RecordingSidecar.self, from: data)
        } catch {
            throw ArchiveError(.invalidSidecar, "\(path) is not a valid recording sidecar: \(error)")
        }
    }
}
