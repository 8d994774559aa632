import Foundation

/// Integrated loudness and sample peak of decoded audio.
public struct LoudnessMeasurement: Sendable, Equatable, Codable {
    /// Integrated loudness (ITU-R BS.1770-4, EBU R128 gating) in LUFS; `nil` for silence or
    /// audio shorter than 400 ms.
    public var integratedLUFS: Double?
    /// Largest absolute sample value (linear; 1.0 is full scale).
    public var samplePeak: Double

    /// Creates a measurement.
    public init(integratedLUFS: Double?, samplePeak: Double) {
        self.integratedLUFS = integratedLUFS
        self.samplePeak = samplePeak
    }

    /// The sample peak in dBFS (−∞ for silence).
    public var samplePeakDBFS: Double { 20 * log10(samplePeak) }
}
