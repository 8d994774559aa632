/// Recognizes a media file's real format from its first bytes, in the AI API's `encoding` vocabulary.
enum AudioSniffer {
    /// `Wav`, `Mpeg`, `Aac`, `Mp4`, `Ogg`, `Webm`, `Avi` or `Webp`; `nil` when the bytes are none of those.
    static func encoding(of bytes: [UInt8]) -> String? {
        func ascii(_ offset: Int, _ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count >= offset + expected.count else { return false }
            return Array(bytes[offset..<offset + expected.count]) == expected
        }
        if ascii(0, "RIFF") {
            if ascii(8, "WAVE") { return "Wav" }
            if ascii(8, "AVI ") { return "Avi" }
            if ascii(8, "WEBP") { return "Webp" }
            return nil
        }
        if ascii(0, "ID3") { return "Mpeg" }
        if ascii(4, "ftyp") { return "Mp4" }
        if ascii(0, "OggS") { return "Ogg" }
        if bytes.count >= 4, bytes[0] == 0x1A, bytes[1] == 0x45, bytes[2] == 0xDF, bytes[3] == 0xA3 { return "Webm" }
        if bytes.count >= 2, bytes[0] == 0xFF {
            // ADTS (AAC) has layer bits 00; MPEG audio layers I–III have 01–11.
            if bytes[1] & 0xF6 == 0xF0 { return "Aac" }
            if bytes[1] & 0xE0 == 0xE0 { return "Mpeg" }
        }
        return nil
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
