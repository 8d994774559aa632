import Foundation

/// Classifies the first bytes of a file before it is handed to libavformat.
///
/// Audio signatures (ID3, MPEG audio frame sync, RIFF/WAVE, RF64, Ogg, FLAC, MP4 `ftyp`, AIFF,
/// AMR, AU, CAF) pass through as ``Verdict/audioCandidate(_:)``. Everything else is described
/// as ``NonAudioContent``: empty, JSON (with RingCentral's `CMN-301` rate-limit body flagged),
/// HTML, XML, other text, or unrecognised binary.
public enum ContentSniffer {
    /// The outcome of sniffing.
    public enum Verdict: Sendable, Equatable {
        /// Looks like audio; the string names the signature (`mp3`, `wav`, …).
        case audioCandidate(String)
        /// Not audio.
        case notAudio(NonAudioContent)
    }

    /// How many leading bytes are examined.
    public static let sniffLength = 4096

    /// Sniffs a file on disk, or returns `nil` when it cannot be read.
    public static func sniff(fileAt path: String) -> Verdict? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: sniffLength)) ?? Data()
        let size = (try? handle.seekToEnd()).map { Int64($0) } ?? Int64(head.count)
        return sniff(head: [UInt8](head), byteCount: size)
    }

    /// Sniffs the leading bytes of a body.
    /// - Parameters:
    ///   - head: The first bytes (up to ``sniffLength`` are used).
    ///   - byteCount: The whole body's size.
    public static func sniff(head: [UInt8], byteCount: Int64) -> Verdict {
        let head = Array(head.prefix(sniffLength))
        if byteCount == 0 || head.isEmpty {
            return .notAudio(NonAudioContent(
                kind: .empty, byteCount: byteCount, textPreview: nil, isRateLimitBody: false, errorCode: nil,
                message: "empty file (0 bytes)"))
        }
        if let audio = audioSignature(head) { return .audioCandidate(audio) }
        return .notAudio(describeNonAudio(head, byteCount: byteCount))
    }

    private static func audioSignature(_ b: [UInt8]) -> String? {
        func at(_ offset: Int, _ ascii: String) -> Bool {
            let bytes = Array(ascii.utf8)
            return b.count >= offset + bytes.count && Array(b[offset..<(offset + bytes.count)]) == bytes
        }
        if at(0, "ID3") { return "mp3" }
        if at(0, "RIFF") && at(8, "WAVE") { return "wav" }
        if at(0, "RIFX") && at(8, "WAVE") { return "wav" }
        if at(0, "RF64") || at(0, "BW64") { return "wav" }
        if at(0, "OggS") { return "ogg" }
        if at(0, "fLaC") { return "flac" }
        if at(4, "ftyp") { return "mp4" }
        if at(0, "FORM") && (at(8, "AIFF") || at(8, "AIFC")) { return "aiff" }
        if at(0, "#!AMR") { return "amr" }
        if at(0, ".snd") { return "au" }
        if at(0, "caff") { return "caf" }
        // MPEG audio frame sync: 11 set bits, a valid version, layer, bit-rate and rate index.
        if b.count >= 4, b[0] == 0xFF, b[1] & 0xE0 == 0xE0 {
            let version = (b[1] >> 3) & 0x03, layer = (b[1] >> 1) & 0x03
            let bitrate = b[2] >> 4, rate = (b[2] >> 2) & 0x03
            if layer == 0 && version != 1 { return "aac" }  // ADTS
            if version != 1 && layer != 0 && bitrate != 0x0F && rate != 0x03 { return "mp3" }
        }
        return nil
    }

    private static func describeNonAudio(_ head: [UInt8], byteCount: Int64) -> NonAudioContent {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self)
        let printable = bytes.allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } && !text.contains("\u{FFFD}")
        guard printable || isMostlyText(bytes) else {
            let hex = head.prefix(16).map { Hex.encode(CollectionOfOne($0)) }.joined(separator: " ")
            return NonAudioContent(
                kind: .binary, byteCount: byteCount, textPreview: nil, isRateLimitBody: false, errorCode: nil,
                message: "unrecognised binary data (\(byteCount) bytes, no audio signature; starts \(hex))")
        }
        let trimmed = text.drop { $0.isWhitespace }
        let preview = String(trimmed.prefix(200).map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let lower = trimmed.prefix(1024).lowercased()
        let kind: NonAudioContent.Kind
        var label: String
        var errorCode: String?
        var isRateLimit = false
        if trimmed.first == "{" || trimmed.first == "[" {
            kind = .json
            label = "JSON document"
            errorCode = jsonErrorCode(text)
            if errorCode == "CMN-301" || (errorCode == nil && text.contains("CMN-301")) {
                isRateLimit = true
                errorCode = "CMN-301"
                label += ", RingCentral rate limit CMN-301 (retry later; not a bad recording)"
            } else if let errorCode {
                label += ", error code \(errorCode)"
            }
        } else if lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") || lower.contains("<html") {
            kind = .html
            label = "HTML page"
        } else if lower.hasPrefix("<") {
            kind = .xml
            label = "XML document"
        } else {
            kind = .text
            label = "text"
        }
        return NonAudioContent(
            kind: kind, byteCount: byteCount, textPreview: preview, isRateLimitBody: isRateLimit, errorCode: errorCode,
            message: "not audio: \(label) (\(byteCount) bytes): \(preview)")
    }

    private static func isMostlyText(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        let texty = bytes.filter { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x80 }.count
        return Double(texty) / Double(bytes.count) > 0.97
    }

    private static func jsonErrorCode(_ text: String) -> String? {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        if let code = object["errorCode"] as? String { return code }
        if let errors = object["errors"] as? [[String: Any]], let code = errors.first?["errorCode"] as? String { return code }
        if let error = object["error"] as? [String: Any], let code = error["code"] as? String { return code }
        return nil
    }
}
