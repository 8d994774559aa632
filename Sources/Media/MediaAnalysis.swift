/// A header probe plus a full decode pass of one file.
public struct MediaAnalysis: Sendable, Equatable, Codable {
    /// Header values.
    public var probe: ProbeResult
    /// What decoding everything found.
    public var decode: DecodeReport

    /// Creates an analysis.
    public init(probe: ProbeResult, decode: DecodeReport) {
        self.probe = probe
        self.decode = decode
    }

    /// Decoded duration minus what the header promises (header duration less the MP3 gapless
    /// trim), in seconds; `nil` when the header has no duration.
    public var durationDifference: Double? {
        probe.expectedDecodedSeconds.map { decode.decodedSeconds - $0 }
    }

    /// How far decoded and header durations may differ: one codec frame, or 20 ms for PCM.
    public var durationTolerance: Double {
        let rate = Double(max(probe.sampleRate, 1))
        return probe.frameSize > 0 ? Double(probe.frameSize) / rate + 0.001 : 0.02
    }
}
