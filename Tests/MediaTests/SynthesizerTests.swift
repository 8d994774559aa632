import Foundation
import Media
import Testing

@Suite struct SynthesizerTests {
    @Test func sameSeedSameBytesDifferentSeedDifferentBytes() async throws {
        let a = try await AudioSynthesizer(durationSeconds: 2, sampleRate: 8000, channels: 1, seed: 11).render(.wavPCM16)
        let b = try await AudioSynthesizer(durationSeconds: 2, sampleRate: 8000, channels: 1, seed: 11).render(.wavPCM16)
        let c = try await AudioSynthesizer(durationSeconds: 2, sampleRate: 8000, channels: 1, seed: 12).render(.wavPCM16)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 44 + 2 * 16_000 || a.count > 32_000)

        let mp3a = try await AudioSynthesizer(durationSeconds: 2, seed: 5).render(.mp3(bitRate: 16_000))
        let mp3b = try await AudioSynthesizer(durationSeconds: 2, seed: 5).render(.mp3(bitRate: 16_000))
        #expect(mp3a == mp3b)
        #expect(Array(mp3a.prefix(3)) == Array("ID3".utf8))
    }

    @Test func speechLikeIsNotSilenceAndStaysInRange() {
        let samples = AudioSynthesizer(durationSeconds: 3, sampleRate: 8000, channels: 2, seed: 9).samples()
        #expect(samples.count == 2)
        #expect(samples[0].count == 24_000)
        #expect(samples[0] != samples[1])
        let peak = samples.flatMap { $0 }.map { abs($0) }.max() ?? 0
        #expect(peak > 0.1 && peak <= 1.0)
        let quiet = samples[0].filter { abs($0) < 0.01 }.count
        #expect(quiet > 1000 && quiet < 20_000)  // pauses exist, but it is mostly sound
    }
}
