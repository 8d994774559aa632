import Foundation

/// Reads the RIFF/WAVE chunk sizes directly, to recognise "streaming" headers.
enum WAVHeader {
    /// Whether the RIFF size or the `data` chunk size is 0 or 0xFFFFFFFF.
    ///
    /// Recorders that write a WAV before they know its length leave these placeholders;
    /// libavformat then reads the data to end of file.
    static func hasStreamingSizes(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 4096), header.count >= 12 else { return false }
        let bytes = [UInt8](header)
        func u32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        guard bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else { return false }
        let riffSize = u32(4)
        if riffSize == 0 || riffSize == 0xFFFF_FFFF { return true }
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = u32(offset + 4)
            if bytes[offset..<(offset + 4)].elementsEqual("data".utf8) { return size == 0 || size == 0xFFFF_FFFF }
            offset += 8 + Int(size) + Int(size & 1)
        }
        return false
    }
}
