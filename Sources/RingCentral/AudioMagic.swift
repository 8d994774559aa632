import Foundation

/// The first bytes of a body: audio we can store, or what else it is.
enum AudioMagic {
    enum Verdict: Equatable {
        case mp3
        case wav
        case json(String)
        case html(String)
        case other(String)
    }

    static func classify(_ head: [UInt8]) -> Verdict {
        if head.count >= 3 && head[0] == 0x49 && head[1] == 0x44 && head[2] == 0x33 { return .mp3 }  // "ID3"
        if head.count >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 { return .mp3 }  // frame sync
        if head.count >= 12 && head[0..<4] == [0x52, 0x49, 0x46, 0x46] && head[8..<12] == [0x57, 0x41, 0x56, 0x45] {
            return .wav  // "RIFF" … "WAVE"
        }
        let text = String(decoding: head.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("{") || text.hasPrefix("[") { return .json(text) }
        if text.hasPrefix("<") { return .html(text) }
        return .other(head.isEmpty ? "an empty body" : "\(head.count)+ bytes starting \(head.prefix(8).map { String(format: "%02x", $0) }.joined())")
    }

    static func head(ofFile path: String, count: Int = 4096) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }
}
