public import Essentials
import Foundation

/// `{stem}.transcript.json` beside the audio: the transcript as RingCentral sent it and in
/// callvault's form. Written atomically; enough on its own to rebuild the catalog's transcript.
public struct TranscriptSidecar: Sendable, Codable, Equatable {
    /// The file format's version.
    public var version: Int
    /// RingCentral's recording id.
    public var recordingId: String
    /// Who produced it.
    public var source: TranscriptSource
    /// The producer's version time, ISO 8601.
    public var versionTime: String
    /// The response exactly as received (RingSense `RecordingInsights`, or the AI job's result).
    public var raw: AnyJSON
    /// The normalized transcript and insights.
    public var transcript: Transcript

    /// Creates a sidecar.
    public init(recordingId: String, transcript: Transcript, raw: AnyJSON) {
        version = 1
        self.recordingId = recordingId
        source = transcript.source
        versionTime = Millis.iso8601(transcript.versionMillis)
        self.raw = raw
        self.transcript = transcript
    }

    /// Pretty JSON with sorted keys and a final newline.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [0x0A]
    }

    /// Parses a sidecar.
    /// - Throws: ``TranscriptError`` `.invalidSidecar` naming `path`.
    public static func decode(_ bytes: [UInt8], path: String) throws -> TranscriptSidecar {
        do {
            return try JSONDecoder().decode(TranscriptSidecar.self, from: Data(bytes))
        } catch {
            throw TranscriptError(.invalidSidecar, "\(path) is not a valid transcript sidecar: \(error)")
        }
    }

    /// The key of a recording's transcript sidecar, beside its audio (`{stem}.transcript.json`).
    public static func key(forAudioKey audio: String) -> String {
        let dot = audio.lastIndex(of: ".") ?? audio.endIndex
        return String(audio[..<dot]) + ".transcript.json"
    }
}
