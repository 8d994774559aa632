import Essentials
import Foundation

/// Pure-Swift renderer for 8 kHz mono WAV recordings (PCM s16le or G.711 mu-law).
///
/// The signal is speech-like, not silence: two "speakers" take turns in talk spurts, each spurt a sum of harmonics of
/// a gliding fundamental, shaped by a syllable-rate envelope and mixed with a little noise; pauses carry low comfort
/// noise. Everything is seeded from the recording id, so the same id always gives the same bytes.
public struct WAVRecordingRenderer: RecordingAudioRenderer {
    /// Samples per second.
    public static let sampleRate = 8000

    /// Errors the renderer throws.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public var message: String
        /// The message with the renderer's name.
        public var description: String { "WAVRecordingRenderer: \(self.message)" }
    }

    /// Creates the renderer.
    public init() {}

    /// Renders a WAV recording; throws for MP3.
    public func render(recordingId: String, format: SimulatedAudioFormat, durationSeconds: Int) throws -> [UInt8] {
        let samples = Self.synthesize(recordingId: recordingId, sampleCount: max(durationSeconds, 0) * Self.sampleRate)
        switch format {
        case .wavPCM16:
            return Self.pcm16File(samples)
        case .wavMuLaw:
            return Self.muLawFile(samples)
        case .mp3:
            throw Error(message: "MP3 is not supported by the built-in renderer")
        }
    }

    /// Synthesizes `sampleCount` 16-bit samples for a recording id.
    public static func synthesize(recordingId: String, sampleCount: Int) -> [Int16] {
        var random = SeededGenerator(string: recordingId, salt: 0x5157_4156)
        var output = [Int16](repeating: 0, count: sampleCount)
        let rate = Double(Self.sampleRate)
        var index = 0
        var speaker = 0
        let pitches = [110.0 + random.unit() * 40, 180.0 + random.unit() * 60]
        while index < sampleCount {
            // A talk spurt followed by a pause.
            let spurt = Int((0.4 + random.unit() * 1.8) * rate)
            let pause = Int((0.15 + random.unit() * 0.6) * rate)
            let base = pitches[speaker] * (0.9 + random.unit() * 0.2)
            let glide = (random.unit() - 0.5) * 30
            let syllableRate = 3.0 + random.unit() * 2.5
            let formant = 1.0 + random.unit() * 2.0
            var phase = 0.0
            let end = min(index + spurt, sampleCount)
            var n = 0
            while index < end {
                let t = Double(n) / rate
                let f0 = base + glide * t / max(Double(spurt) / rate, 0.1)
                phase += 2 * Double.pi * f0 / rate
                var value = 0.0
                for harmonic in 1...5 {
                    let h = Double(harmonic)
                    value += sin(phase * h) / (h * (harmonic == Int(formant.rounded()) ? 0.6 : 1.0))
                }
                let envelope = 0.55 + 0.45 * sin(2 * Double.pi * syllableRate * t)
                let attack = min(1.0, Double(n) / 200.0, Double(end - index) / 200.0)
                let noise = (random.unit() - 0.5) * 0.08
                value = (value * 0.28 * envelope + noise) * attack
                output[index] = Int16(max(-32767, min(32767, value * 12000)))
                index += 1
                n += 1
            }
            let pauseEnd = min(index + pause, sampleCount)
            while index < pauseEnd {
                output[index] = Int16((random.unit() - 0.5) * 120)
                index += 1
            }
            if random.chance(0.45) {
                speaker = 1 - speaker
            }
        }
        return output
    }

    /// Wraps samples in a PCM s16le WAV file.
    public static func pcm16File(_ samples: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        let dataSize = samples.count * 2
        bytes.reserveCapacity(44 + dataSize)
        bytes += Array("RIFF".utf8)
        append32(&bytes, UInt32(36 + dataSize))
        bytes += Array("WAVE".utf8)
        bytes += Array("fmt ".utf8)
        append32(&bytes, 16)
        append16(&bytes, 1)  // PCM
        append16(&bytes, 1)  // mono
        append32(&bytes, UInt32(sampleRate))
        append32(&bytes, UInt32(sampleRate * 2))
        append16(&bytes, 2)
        append16(&bytes, 16)
        bytes += Array("data".utf8)
        append32(&bytes, UInt32(dataSize))
        for sample in samples {
            let value = UInt16(bitPattern: sample)
            bytes.append(UInt8(value & 0xff))
            bytes.append(UInt8(value >> 8))
        }
        return bytes
    }

    /// Wraps samples, encoded as G.711 mu-law, in a WAV file (format tag 7, with a `fact` chunk).
    public static func muLawFile(_ samples: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        let dataSize = samples.count
        bytes.reserveCapacity(58 + dataSize + 1)
        let pad = dataSize % 2
        bytes += Array("RIFF".utf8)
        append32(&bytes, UInt32(4 + 26 + 12 + 8 + dataSize + pad))
        bytes += Array("WAVE".utf8)
        bytes += Array("fmt ".utf8)
        append32(&bytes, 18)
        append16(&bytes, 7)  // WAVE_FORMAT_MULAW
        append16(&bytes, 1)
        append32(&bytes, UInt32(sampleRate))
        append32(&bytes, UInt32(sampleRate))
        append16(&bytes, 1)
        append16(&bytes, 8)
        append16(&bytes, 0)  // cbSize
        bytes += Array("fact".utf8)
        append32(&bytes, 4)
        append32(&bytes, UInt32(samples.count))
        bytes += Array("data".utf8)
        append32(&bytes, UInt32(dataSize))
        for sample in samples {
            bytes.append(muLaw(sample))
        }
        if pad == 1 { bytes.append(0) }
        return bytes
    }

    /// G.711 mu-law encoding of one sample.
    public static func muLaw(_ sample: Int16) -> UInt8 {
        let bias = 0x84
        let clip = 32635
        var value = Int(sample)
        let sign = value < 0 ? 0x80 : 0
        if value < 0 { value = -value }
        value = min(value, clip) + bias
        var exponent = 7
        var mask = 0x4000
        while exponent > 0 && value & mask == 0 {
            exponent -= 1
            mask >>= 1
        }
        let mantissa = (value >> (exponent + 3)) & 0x0f
        return UInt8(~(sign | (exponent << 4) | mantissa) & 0xff)
    }

    private static func append16(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes.append(UInt8(value & 0xff))
        bytes.append(UInt8(value >> 8))
    }

    private static func append32(_ bytes: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8((value >> UInt32(shift)) & 0xff))
        }
    }
}
