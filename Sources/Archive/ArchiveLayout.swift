public import Foundation

/// Where files go in the storage tree (the layout contract in DESIGN.md).
///
/// `recordings/YYYY/MM/DD/{YYYYMMDDTHHMMSSZ}_recording_{id}.{ext}`: the date folders use the
/// call's start time in ``timeZone``; the name's timestamp is always UTC. Two recordings that
/// start in the same second differ by id.
///
/// ```swift
/// let layout = ArchiveLayout(home: "/srv/callvault", timeZone: TimeZone(identifier: "America/Los_Angeles")!)
/// layout.relativePath(recordingId: "1662272004", startTimeMillis: 1_736_159_400_000, role: .audio, extension: "mp3")
/// // "recordings/2025/01/06/20250106T103000Z_recording_1662272004.mp3"
/// ```
public struct ArchiveLayout: Sendable, Equatable {
    /// `CALLVAULT_HOME`.
    public var home: String
    /// The zone of the date folders (`CALLVAULT_TIMEZONE`).
    public var timeZone: TimeZone

    /// Creates a layout.
    public init(home: String, timeZone: TimeZone = .utc) {
        self.home = home
        self.timeZone = timeZone
    }

    /// The top of the tree, relative to home.
    public static let recordingsFolder = "recordings"
    /// Partial work, relative to home.
    public static let tmpFolder = "tmp"

    /// `$CALLVAULT_HOME/recordings`.
    public var recordingsDirectory: String { absolutePath(Self.recordingsFolder) }
    /// `$CALLVAULT_HOME/tmp`.
    public var tmpDirectory: String { absolutePath(Self.tmpFolder) }

    /// An absolute path for a path relative to home.
    public func absolutePath(_ relativePath: String) -> String {
        home.hasSuffix("/") ? home + relativePath : home + "/" + relativePath
    }

    /// `YYYYMMDDTHHMMSSZ_recording_{id}`.
    public func stem(recordingId: String, startTimeMillis: Int64) -> String {
        let c = components(startTimeMillis, in: .utc)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        return "\(stamp)_recording_\(recordingId)"
    }

    /// `recordings/YYYY/MM/DD` for the start time in ``timeZone``.
    public func folder(startTimeMillis: Int64) -> String {
        let c = components(startTimeMillis, in: timeZone)
        return Self.recordingsFolder + String(format: "/%04d/%02d/%02d", c.year!, c.month!, c.day!)
    }

    /// The path of one file of a recording, relative to home.
    /// - Parameters:
    ///   - recordingId: RingCentral's recording id.
    ///   - startTimeMillis: The call's start.
    ///   - role: Audio (`{stem}.{ext}`), original (`{stem}.original.{ext}`) or sidecar (`{stem}.json`).
    ///   - extension: `mp3` or `wav` (ignored for the sidecar).
    public func relativePath(recordingId: String, startTimeMillis: Int64, role: FileRole, extension ext: String) -> String {
        let base = folder(startTimeMillis: startTimeMillis) + "/" + stem(recordingId: recordingId, startTimeMillis: startTimeMillis)
        switch role {
        case .audio: return base + "." + ext
        case .original: return base + ".original." + ext
        case .sidecar: return base + ".json"
        }
    }

    /// Whether an id can be used in a file name: letters, digits, `-` and `_`, at most 128 characters.
    public static func isValidRecordingId(_ id: String) -> Bool {
        // Every allowed character is one ASCII byte, so counting bytes counts characters.
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= 128
            && bytes.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"):
                    true
                default: false
                }
            }
    }

    private func components(_ millis: Int64, in zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        return calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// Whether a key is a transcript sidecar (`{stem}.transcript.json`).
    public static func isTranscript(_ key: String) -> Bool { key.hasSuffix(".transcript.json") }

    /// Whether a key is a recording sidecar: `{stem}.json` that is not a transcript.
    public static func isSidecar(_ key: String) -> Bool {
        key.hasSuffix(".json") && !isTranscript(key) && (key as NSString).lastPathComponent.contains("_recording_")
    }

    /// The recording id in a key's file name (`…_recording_{id}.{ext}`), or `nil` when the name
    /// does not follow the layout.
    public static func recordingId(ofKey key: String) -> String? {
        let name = (key as NSString).lastPathComponent
        guard let marker = name.range(of: "_recording_") else { return nil }
        let id = String(name[marker.upperBound...].prefix { $0 != "." })
        return isValidRecordingId(id) ? id : nil
    }
}
