import Foundation
import Media
import Testing

@Suite struct LoudnessTests {
    /// EBU Tech 3341 test 1: a 1 kHz sine at −23 dBFS in both stereo channels reads −23.0 LUFS.
    @Test(arguments: [48_000, 44_100, 16_000, 8000])
    func stereoSineAtMinus23DBFS(sampleRate: Int) {
        let amplitude = pow(10, -23.0 / 20)
        let synth = AudioSynthesizer(durationSeconds: 20, sampleRate: sampleRate, channels: 2, signal: .sine(frequency: 1000, amplitude: amplitude))
        var meter = LoudnessMeter(sampleRate: sampleRate, channels: 2)
        meter.process(synth.samples())
        let lufs = meter.integratedLoudness ?? .nan
        #expect(abs(lufs - -23.0) < 0.5, "got \(lufs) at \(sampleRate) Hz")
    }

    /// A mono sine has half the power of the same sine on two channels, so −20 dBFS mono reads
    /// −23 LUFS (BS.1770 sums channel powers; no dual-mono weighting).
    @Test func monoSineAtMinus20DBFS() {
        let synth = AudioSynthesizer(durationSeconds: 10, sampleRate: 8000, channels: 1, signal: .sine(frequency: 1000, amplitude: 0.1))
        var meter = LoudnessMeter(sampleRate: 8000, channels: 1)
        meter.process(synth.samples())
        #expect(abs((meter.integratedLoudness ?? 0) - -23.01) < 0.5)
        #expect(abs(meter.samplePeak - 0.1) < 0.001)
    }

    @Test func silenceAndShortInputHaveNoIntegratedLoudness() {
        var silent = LoudnessMeter(sampleRate: 8000, channels: 1)
        silent.process([[Float](repeating: 0, count: 80_000)])
        #expect(silent.integratedLoudness == nil)
        var short = LoudnessMeter(sampleRate: 8000, channels: 1)
        short.process([[Float](repeating: 0.5, count: 2000)])
        #expect(short.integratedLoudness == nil)
    }

    /// The gates matter: 10 s of tone plus 10 s of near-silence reads like the tone alone.
    @Test func gatingIgnoresQuietPassages() {
        let tone = AudioSynthesizer(durationSeconds: 10, sampleRate: 16_000, channels: 1, signal: .sine(frequency: 1000, amplitude: 0.1)).samples()[0]
        var meter = LoudnessMeter(sampleRate: 16_000, channels: 1)
        meter.process([tone + [Float](repeating: 0.00001, count: 160_000)])
        #expect(abs((meter.integratedLoudness ?? 0) - -23.0) < 0.5)
    }

    /// Cross-check against FFmpeg's ebur128 filter on speech-like audio, when the CLI is installed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
    func matchesFFmpegEBUR128OnSpeech() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("speech.wav")
        try await AudioSynthesizer(durationSeconds: 20, sampleRate: 16_000, channels: 1, seed: 77).write(.wavPCM16, to: path)
        let ours = try #require(try await MediaProbe().analyze(path: path).decode.loudness.integratedLUFS)
        let (_, output) = try runTool("/usr/bin/ffmpeg", ["-nostats", "-hide_banner", "-i", path, "-af", "ebur128", "-f", "null", "-"])
        let summary = try #require(output.range(of: "Integrated loudness:"))
        let line = output[summary.upperBound...].split(separator: "\n").first { $0.contains("I:") }
        let value = try #require(line?.split(separator: " ").compactMap { Double($0) }.first)
        #expect(abs(ours - value) < 0.5, "ours \(ours) vs ffmpeg \(value)")
    }

    @Test func gainToTargetIsWithinOneLU() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("quiet.wav")
        let destination = dir.file("loud.mp3")
        // A −30 dBFS 440 Hz tone (about −33 LUFS): +17 dB of gain keeps its peak near −13 dBFS.
        try await AudioSynthesizer(durationSeconds: 10, sampleRate: 16_000, channels: 1, signal: .sine(frequency: 440, amplitude: 0.0316))
            .write(.wavPCM16, to: source)
        let record = try await AudioNormalizer().normalize(
            source: source, destination: destination, options: NormalizationOptions(policy: .mp3, loudnessTarget: -16))
        let before = try #require(record.before.decode.loudness.integratedLUFS)
        let after = try #require(record.after.decode.loudness.integratedLUFS)
        #expect(before < -25)
        #expect(!record.gainLimitedByPeak)
        #expect(abs(after - -16) < 1, "after \(after)")
        #expect(abs(record.appliedGainDB - (-16 - before)) < 0.01)
    }

    @Test func gainIsLimitedByPeakCeiling() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("loud.wav")
        let destination = dir.file("out.wav")
        try await AudioSynthesizer(durationSeconds: 6, sampleRate: 8000, channels: 1, seed: 42, level: 0.5).write(.wavPCM16, to: source)
        let record = try await AudioNormalizer().normalize(
            source: source, destination: destination, options: NormalizationOptions(policy: .wav, loudnessTarget: 0, peakCeilingDBFS: -1))
        #expect(record.gainLimitedByPeak)
        #expect(record.after.decode.loudness.samplePeakDBFS <= -0.9)
        #expect(record.after.decode.loudness.samplePeakDBFS > -1.5)
    }
}
