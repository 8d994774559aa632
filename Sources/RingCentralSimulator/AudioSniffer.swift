import Essentials

/// A media file's real format in the AI API's `encoding` vocabulary, from its first bytes (through
/// the one content sniffer, ``ContentSniffer``), and a WAV file's length from its header.
enum AudioSniffer {
    /// `Wav`, `Mpeg`, `Aac`, `Mp4` or `Ogg`; `nil` when the bytes are none of those.
    static func encoding(of bytes: [UInt8]) -> String? {
        guard case .audioCandidate(let kind) = ContentSniffer.sniff(head: bytes, byteCount: Int64(bytes.count)) else {
            return nil
        }
        return ["wav": "Wav", "mp3": "Mpeg", "aac": "Aac", "mp4": "Mp4", "ogg": "Ogg"][kind]
    }

    /// The length of a PCM or mu-law WAV file in whole seconds, from its header; `nil` for anything else.
    static func wavDurationSeconds(_ bytes: [UInt8]) -> Int? {
        guard self.encoding(of: bytes) == "Wav", bytes.count >= 44 else { return nil }
        func le32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        var offset = 12
        var byteRate: Int?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = le32(offset + 4)
            if id == "fmt ", offset + 16 <= bytes.count { byteRate = le32(offset + 16) }
            if id == "data", let byteRate, byteRate > 0 { return size / byteRate }
            offset += 8 + size + size % 2
        }
        return nil
    }
}
