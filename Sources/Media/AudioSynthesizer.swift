import Essentials
import Foundation

/// Renders deterministic test audio: speech-like babble or a pure tone, to MP3 or WAV.
///
/// The speech-like signal alternates voiced "syllables" (a harmonic series on a gliding
/// fundamental between 90 and 240 Hz, shaped by a raised-cosine envelope and two formant-like
/// emphases), unvoiced noise bursts and short pauses, all drawn from a seeded SplitMix64
/// generator. The same seed, duration, rate and channel count always give the same samples; the
/// bytes are also stable for a given FFmpeg/LAME build. Each channel uses its own stream of
/// random numbers, so a stereo file sounds like two different speakers.
///
/// ```swift
/// let synth = AudioSynthesizer(durationSeconds: 60, sampleRate: 8000, channels: 1, seed: 42)
/// let mp3 = try await synth.render(.mp3(bitRate: 16_000))     // [UInt8]
/// try await synth.write(.wavMuLaw, to: "/tmp/call.wav")
/// ```
public struct AudioSynthesizer: Sendable {
    /// What to render.
    public enum Signal: Sendable, Equatable {
        /// Seeded speech-like babble (not silence, not a tone).
        case speechLike
        /// A sine tone at `frequency` Hz with peak amplitude `amplitude` (1.0 = full scale) on
        /// every channel.
        case sine(frequency: Double, amplitude: Double)
    }

    /// Length in seconds.
    public var durationSeconds: Double
    /// Samples per second.
    public var sampleRate: Int
    /// Channel count.
    public var channels: Int
    /// Random seed for ``Signal/speechLike``.
    public var seed: UInt64
    /// The signal.
    public var signal: Signal
    /// Peak level of ``Signal/speechLike`` (linear, default 0.5 ≈ −6 dBFS).
    public var level: Double
    /// Metadata written into the file (ID3v2 for MP3, RIFF INFO for WAV), e.g. `["title": "…"]`.
    public var tags: [String: String] = [:]

    /// Creates a synthesizer.
    /// - Parameters:
    ///   - durationSeconds: Length in seconds.
    ///   - sampleRate: Samples per second (8000 for telephony).
    ///   - channels: Channel count.
    ///   - seed: Random seed; the same seed gives the same audio.
    ///   - signal: Speech-like babble (default) or a sine tone.
    ///   - level: Peak level of the speech-like signal.
    public init(
        durationSeconds: Double, sampleRate: Int = 8000, channels: Int = 1, seed: UInt64 = 1,
        signal: Signal = .speechLike, level: Double = 0.5
    ) {
        self.durationSeconds = durationSeconds
        self.sampleRate = sampleRate
        self.channels = channels
        self.seed = seed
        self.signal = signal
        self.level = level
    }

    /// Total samples per channel.
    public var sampleCount: Int { Int((durationSeconds * Double(sampleRate)).rounded()) }

    /// Renders the raw samples, one array per channel (−1...1).
    public func samples() -> [[Float]] {
        var generators = makeGenerators()
        return (0..<channels).map { generators[$0].next(sampleCount) }
    }

    /// Encodes the audio to a file, fsynced.
    /// - Parameters:
    ///   - format: MP3 (CBR at the given bit rate), WAV PCM s16le or WAV μ-law.
    ///   - path: Destination; overwritten.
    /// - Throws: ``MediaError`` or `CancellationError`.
    public func write(_ format: AudioFileFormat, to path: String) async throws {
        try await BlockingExecutor.shared.run { flag in try self.writeBlocking(format, to: path, cancellation: flag) }
    }

    /// Encodes the audio in memory.
    ///
    /// The muxers need a seekable output to finish their headers (Xing frame count, RIFF sizes),
    /// so this encodes to a private temporary file, reads it back and deletes it.
    /// - Parameter format: MP3, WAV PCM s16le or WAV μ-law.
    /// - Returns: The file's bytes.
    public func render(_ format: AudioFileFormat) async throws -> [UInt8] {
        try await BlockingExecutor.shared.run { flag in
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("callvault-synth-\(UUID().uuidString).\(format.fileExtension)").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try self.writeBlocking(format, to: path, cancellation: flag)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MediaError(code: .ioFailed, message: "cannot read back \(path)")
            }
            return [UInt8](data)
        }
    }

    func writeBlocking(_ format: AudioFileFormat, to path: String, cancellation: CancellationFlag) throws {
        let writer = try AudioFileWriter(
            path: path, format: format, sampleRate: sampleRate, channels: channels, tags: tags, cancellation: cancellation)
        var generators = makeGenerators()
        var remaining = sampleCount
        let block = 4096
        while remaining > 0 {
            let n = min(block, remaining)
            try writer.write((0..<channels).map { generators[$0].next(n) })
            remaining -= n
        }
        try writer.finish()
    }

    private func makeGenerators() -> [SignalGenerator] {
        (0..<channels).map { channel in
            SignalGenerator(
                signal: signal, sampleRate: Double(sampleRate), level: level,
                seed: seed &+ UInt64(channel) &* 0x9E37_79B9_7F4A_7C15)
        }
    }
}

/// The stateful per-channel sample source behind ``AudioSynthesizer``.
struct SignalGenerator: Sendable {
    private enum Segment { case voiced, unvoiced, pause }

    private let signal: AudioSynthesizer.Signal
    private let sampleRate: Double
    private let level: Double
    private var random: SeededGenerator
    private var position = 0
    private var segment = Segment.pause
    private var segmentLength = 0
    private var segmentPosition = 0
    private var f0Start = 120.0
    private var f0End = 120.0
    private var phase = 0.0
    private var formant1 = 700.0
    private var formant2 = 1200.0
    private var lowpass = 0.0

    init(signal: AudioSynthesizer.Signal, sampleRate: Double, level: Double, seed: UInt64) {
        self.signal = signal
        self.sampleRate = sampleRate
        self.level = level
        self.random = SeededGenerator(seed: seed)
    }

    mutating func next(_ count: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        switch signal {
        case .sine(let frequency, let amplitude):
            let step = 2 * Double.pi * frequency / sampleRate
            for i in 0..<count {
                out[i] = Float(amplitude * sin(step * Double(position + i)))
            }
            position += count
        case .speechLike:
            for i in 0..<count { out[i] = Float(nextSpeechSample()) }
            position += count
        }
        return out
    }

    private mutating func startSegment() {
        let roll = random.unit()
        if segment == .voiced && roll < 0.35 {
            segment = .pause
            segmentLength = Int(sampleRate * random.range(0.05, 0.35))
        } else if roll < 0.2 {
            segment = .unvoiced
            segmentLength = Int(sampleRate * random.range(0.03, 0.12))
        } else {
            segment = .voiced
            segmentLength = Int(sampleRate * random.range(0.06, 0.25))
            f0Start = random.range(90, 240)
            f0End = f0Start * random.range(0.8, 1.2)
            formant1 = random.range(300, 900)
            formant2 = random.range(900, 2500)
        }
        segmentLength = max(segmentLength, 1)
        segmentPosition = 0
    }

    private mutating func nextSpeechSample() -> Double {
        if segmentPosition >= segmentLength { startSegment() }
        let t = Double(segmentPosition) / Double(segmentLength)
        segmentPosition += 1
        let envelope = 0.5 - 0.5 * cos(2 * Double.pi * t)
        switch segment {
        case .pause:
            return level * 0.002 * (random.unit() * 2 - 1)
        case .unvoiced:
            let white = random.unit() * 2 - 1
            lowpass = 0.6 * lowpass + 0.4 * white
            return level * 0.35 * envelope * (white - lowpass)
        case .voiced:
            let f0 = f0Start + (f0End - f0Start) * t
            phase += 2 * Double.pi * f0 / sampleRate
            if phase > 2 * Double.pi { phase -= 2 * Double.pi }
            let nyquist = min(3400, sampleRate * 0.45)
            var sum = 0.0
            var norm = 0.0
            var k = 1.0
            while k * f0 < nyquist && k <= 24 {
                let frequency = k * f0
                let emphasis = 1 / (1 + pow((frequency - formant1) / 200, 2)) + 0.6 / (1 + pow((frequency - formant2) / 300, 2))
                let amplitude = 0.25 / k + emphasis
                sum += amplitude * sin(k * phase)
                norm += amplitude
                k += 1
            }
            // |sum| <= norm, so the voiced peak never exceeds `level`.
            return norm > 0 ? level * envelope * sum / norm : 0
        }
    }
}
