import Foundation

/// Reads the encoder delay and padding from an MP3's Xing/Info frame LAME extension.
///
/// libavformat's header duration for such a file counts every frame (`frames × samples per
/// frame`), while the decoder drops the encoder delay at the start and the padding at the end
/// (gapless playback). The difference is known exactly from this tag, so the validator compares
/// the decoded duration with the header duration minus these samples.
enum MP3InfoTag {
    /// `delay + padding` in samples per channel, or 0 when there is no LAME tag.
    static func gaplessTrimSamples(path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 16 * 1024) else { return 0 }
        var bytes = [UInt8](head)
        var start = 0
        if bytes.count >= 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 {
            let size = Int(bytes[6]) << 21 | Int(bytes[7]) << 14 | Int(bytes[8]) << 7 | Int(bytes[9])
            start = 10 + size + ((bytes[5] & 0x10) != 0 ? 10 : 0)
            if start + 4096 > bytes.count, (try? handle.seek(toOffset: UInt64(start))) != nil,
                let more = try? handle.read(upToCount: 4096)
            {
                bytes = [UInt8](more)
                start = 0
            }
        }
        guard start + 200 < bytes.count, bytes[start] == 0xFF, bytes[start + 1] & 0xE0 == 0xE0 else { return 0 }
        // The Xing/Info tag sits after the side information; search the first frame for it.
        let frame = bytes[start..<min(bytes.count, start + 200)]
        guard let tag = frame.indices.first(where: { i in
            i + 8 <= frame.endIndex
                && (frame[i..<(i + 4)].elementsEqual("Xing".utf8) || frame[i..<(i + 4)].elementsEqual("Info".utf8))
        }) else { return 0 }
        guard tag + 8 <= bytes.count else { return 0 }
        let flags = UInt32(bytes[tag + 4]) << 24 | UInt32(bytes[tag + 5]) << 16 | UInt32(bytes[tag + 6]) << 8 | UInt32(bytes[tag + 7])
        var offset = tag + 8
        if flags & 0x1 != 0 { offset += 4 }  // frames
        if flags & 0x2 != 0 { offset += 4 }  // bytes
        if flags & 0x4 != 0 { offset += 100 }  // table of contents
        if flags & 0x8 != 0 { offset += 4 }  // quality
        // LAME extension: 9-byte encoder string, then 12 bytes of fields, then delay/padding.
        let delayOffset = offset + 21
        guard delayOffset + 3 <= bytes.count else { return 0 }
        let encoder = bytes[offset..<(offset + 4)]
        guard ["LAME", "Lavc", "Lavf"].contains(where: { encoder.elementsEqual($0.utf8) }) else { return 0 }
        let packed = Int(bytes[delayOffset]) << 16 | Int(bytes[delayOffset + 1]) << 8 | Int(bytes[delayOffset + 2])
        return (packed >> 12) + (packed & 0xFFF)
    }
}
