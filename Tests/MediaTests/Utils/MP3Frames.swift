/// Finds MPEG audio Layer III frame boundaries, so tests can cut a CBR MP3 at a frame edge.
enum MP3Frames {
    /// Byte offsets where each frame starts (after any ID3v2 tag).
    static func offsets(_ bytes: [UInt8]) -> [Int] {
        var offset = 0
        if bytes.count >= 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 {
            let size = Int(bytes[6]) << 21 | Int(bytes[7]) << 14 | Int(bytes[8]) << 7 | Int(bytes[9])
            offset = 10 + size
        }
        var result: [Int] = []
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF, bytes[offset + 1] & 0xE0 == 0xE0 else { break }
            let version = (bytes[offset + 1] >> 3) & 0x03  // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
            let bitrateIndex = Int(bytes[offset + 2] >> 4)
            let rateIndex = Int((bytes[offset + 2] >> 2) & 0x03)
            let padding = Int((bytes[offset + 2] >> 1) & 0x01)
            let mpeg1 = version == 3
            let bitrates = mpeg1
                ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
                : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
            let rates = mpeg1 ? [44100, 48000, 32000] : version == 2 ? [22050, 24000, 16000] : [11025, 12000, 8000]
            guard bitrateIndex > 0, bitrateIndex < 15, rateIndex < 3 else { break }
            let length = (mpeg1 ? 144 : 72) * bitrates[bitrateIndex] * 1000 / rates[rateIndex] + padding
            result.append(offset)
            offset += length
        }
        return result
    }
}
