import Foundation

/// Measures integrated loudness per ITU-R BS.1770-4 / EBU R128 on planar float samples.
///
/// Each channel is K-weighted (a high-shelf pre-filter and the RLB high-pass, both second-order
/// sections designed for the actual sample rate), squared, and summed into 100 ms segments.
/// Four consecutive segments form one 400 ms gating block (75 % overlap). Blocks below the
/// absolute gate (−70 LUFS) are dropped, then blocks more than 10 LU below the loudness of the
/// remaining ones; the integrated loudness is the loudness of what is left.
///
/// ```swift
/// var meter = LoudnessMeter(sampleRate: 8000, channels: 1)
/// meter.process([samples])
/// let lufs = meter.integratedLoudness   // nil when every block was gated out
/// ```
public struct LoudnessMeter: Sendable {
    /// One biquad section in transposed direct form II.
    private struct Biquad: Sendable {
        var b0, b1, b2, a1, a2: Double
        var z1 = 0.0, z2 = 0.0

        init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
            (self.b0, self.b1, self.b2, self.a1, self.a2) = (b0, b1, b2, a1, a2)
        }

        @inline(__always)
        mutating func process(_ x: Double) -> Double {
            let y = b0 * x + z1
            z1 = b1 * x - a1 * y + z2
            z2 = b2 * x - a2 * y
            return y
        }
    }

    /// The sample rate the filters were designed for.
    public let sampleRate: Int
    /// The number of channels.
    public let channels: Int

    private var shelf: [Biquad]
    private var highPass: [Biquad]
    private let weights: [Double]
    private let segmentLength: Int
    private var segmentFill = 0
    private var segmentEnergy = 0.0
    private var segments: [Double] = []
    private var peak: Float = 0

    /// Creates a meter.
    /// - Parameters:
    ///   - sampleRate: Samples per second of the audio that will be processed.
    ///   - channels: Channel count. BS.1770 weights are 1.0, except 1.41 for the surround
    ///     channels (indices 4 and 5) of a 6-channel layout.
    public init(sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        let rate = Double(sampleRate)

        // Stage 1: high shelf, +4 dB above ~1.7 kHz (BS.1770-4 pre-filter, rate-independent design).
        let shelfK = tan(Double.pi * 1681.974450955533 / rate)
        let shelfQ = 0.7071752369554196
        let vh = pow(10.0, 3.999843853973347 / 20.0)
        let vb = pow(vh, 0.4996667741545416)
        let shelfA0 = 1.0 + shelfK / shelfQ + shelfK * shelfK
        let shelfSection = Biquad(
            b0: (vh + vb * shelfK / shelfQ + shelfK * shelfK) / shelfA0,
            b1: 2.0 * (shelfK * shelfK - vh) / shelfA0,
            b2: (vh - vb * shelfK / shelfQ + shelfK * shelfK) / shelfA0,
            a1: 2.0 * (shelfK * shelfK - 1.0) / shelfA0,
            a2: (1.0 - shelfK / shelfQ + shelfK * shelfK) / shelfA0)

        // Stage 2: RLB high-pass at ~38 Hz.
        let hpK = tan(Double.pi * 38.13547087602444 / rate)
        let hpQ = 0.5003270373238773
        let hpA0 = 1.0 + hpK / hpQ + hpK * hpK
        let hpSection = Biquad(
            b0: 1.0, b1: -2.0, b2: 1.0,
            a1: 2.0 * (hpK * hpK - 1.0) / hpA0,
            a2: (1.0 - hpK / hpQ + hpK * hpK) / hpA0)

        shelf = Array(repeating: shelfSection, count: channels)
        highPass = Array(repeating: hpSection, count: channels)
        weights = (0..<channels).map { channels == 6 && ($0 == 4 || $0 == 5) ? 1.41 : 1.0 }
        segmentLength = max(1, Int((rate / 10).rounded()))
    }

    /// Feeds one block of audio.
    /// - Parameter planes: One array per channel, all of the same length, samples in −1...1.
    public mutating func process(_ planes: [[Float]]) {
        guard let count = planes.first?.count, planes.count == channels else { return }
        var start = 0
        while start < count {
            let n = min(segmentLength - segmentFill, count - start)
            for c in 0..<channels {
                let weight = weights[c]
                var energy = 0.0
                var channelPeak = peak
                var stage1 = shelf[c]
                var stage2 = highPass[c]
                planes[c].withUnsafeBufferPointer { samples in
                    for i in start..<(start + n) {
                        let x = samples[i]
                        channelPeak = max(channelPeak, abs(x))
                        let y = stage2.process(stage1.process(Double(x)))
                        energy += y * y
                    }
                }
                shelf[c] = stage1
                highPass[c] = stage2
                peak = channelPeak
                segmentEnergy += weight * energy
            }
            segmentFill += n
            start += n
            if segmentFill == segmentLength {
                segments.append(segmentEnergy)
                segmentEnergy = 0
                segmentFill = 0
            }
        }
    }

    /// The gated integrated loudness in LUFS, or `nil` when the input was shorter than one
    /// 400 ms block or every block fell below the absolute gate (e.g. digital silence).
    public var integratedLoudness: Double? {
        guard segments.count >= 4 else { return nil }
        let blockSamples = Double(segmentLength * 4)
        var blocks: [Double] = []
        blocks.reserveCapacity(segments.count - 3)
        for i in 0...(segments.count - 4) {
            blocks.append((segments[i] + segments[i + 1] + segments[i + 2] + segments[i + 3]) / blockSamples)
        }
        func loudness(_ power: Double) -> Double { -0.691 + 10 * log10(power) }
        let absoluteGated = blocks.filter { $0 > 0 && loudness($0) > -70 }
        guard !absoluteGated.isEmpty else { return nil }
        let relativeGate = loudness(absoluteGated.reduce(0, +) / Double(absoluteGated.count)) - 10
        let gated = absoluteGated.filter { loudness($0) > relativeGate }
        guard !gated.isEmpty else { return nil }
        return loudness(gated.reduce(0, +) / Double(gated.count))
    }

    /// The largest absolute sample value seen (linear, 1.0 = full scale).
    public var samplePeak: Double { Double(peak) }

    /// The result so far.
    public var measurement: LoudnessMeasurement {
        LoudnessMeasurement(integratedLUFS: integratedLoudness, samplePeak: samplePeak)
    }
}
