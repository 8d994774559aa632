import Foundation
import Media
import Testing

@Suite struct NormalizeTests {
    @Test func cleanMP3IsKeptByteForByte() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("in.mp3")
        let destination = dir.file("out.mp3")
        try await AudioSynthesizer(durationSeconds: 8, seed: 31).write(.mp3(bitRate: 32_000), to: source)
        let record = try await AudioNormalizer().normalize(source: source, destination: destination)
        #expect(record.action == .kept)
        #expect(record.outputExtension == "mp3")
        #expect(record.summary.hasPrefix("kept"))
        #expect(try readBytes(destination) == readBytes(source))
    }

    @Test(arguments: [(8000, 1), (16_000, 2)])
    func wavIsTranscodedToMP3KeepingRateAndChannels(sampleRate: Int, channels: Int) async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("in.wav")
        let destination = dir.file("out.mp3")
        try await AudioSynthesizer(durationSeconds: 12, sampleRate: sampleRate, channels: channels, seed: 32).write(.wavPCM16, to: source)
        let record = try await AudioNormalizer().normalize(source: source, destination: destination)
        #expect(record.action == .transcoded)
        #expect(record.outputExtension == "mp3")
        #expect(record.outputFormat == .mp3(bitRate: AudioFileFormat.speechMP3BitRate(sampleRate: sampleRate, channels: channels)))
        #expect(!record.resampled)
        let after = record.after
        #expect(after.probe.codecName == "mp3")
        #expect(after.probe.sampleRate == sampleRate)
        #expect(after.probe.channels == channels)
        #expect(abs(after.decode.decodedSeconds - 12) / 12 < 0.01)
        #expect(record.outputIssues.isEmpty, "\(record.outputIssues)")
        #expect(try await MediaValidator().validate(path: destination, expectations: ValidationExpectations(durationSeconds: 12)).isValid)
        // No loudness change unless configured.
        let lufsIn = try #require(record.before.decode.loudness.integratedLUFS)
        let lufsOut = try #require(after.decode.loudness.integratedLUFS)
        #expect(abs(lufsIn - lufsOut) < 1)
        #expect(record.appliedGainDB == 0)
    }

    @Test func wavPolicyWritesPCMS16LE() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("in.mp3")
        let destination = dir.file("out.wav")
        try await AudioSynthesizer(durationSeconds: 5, seed: 33).write(.mp3(bitRate: 16_000), to: source)
        let record = try await AudioNormalizer().normalize(
            source: source, destination: destination, options: NormalizationOptions(policy: .wav))
        #expect(record.action == .transcoded)
        #expect(record.outputExtension == "wav")
        #expect(record.after.probe.formatName == "wav")
        #expect(record.after.probe.codecName == "pcm_s16le")
        #expect(record.after.probe.sampleRate == 8000)
        #expect(abs(record.after.decode.decodedSeconds - record.before.decode.decodedSeconds) < 0.01)

        // A clean s16le WAV under the wav policy is kept.
        let again = dir.file("again.wav")
        let kept = try await AudioNormalizer().normalize(source: destination, destination: again, options: NormalizationOptions(policy: .wav))
        #expect(kept.action == .kept)
        #expect(try readBytes(again) == readBytes(destination))
    }

    @Test func muLawWAVUnderWAVPolicyBecomesPCM() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("in.wav")
        let destination = dir.file("out.wav")
        try await AudioSynthesizer(durationSeconds: 3, seed: 34).write(.wavMuLaw, to: source)
        let record = try await AudioNormalizer().normalize(source: source, destination: destination, options: NormalizationOptions(policy: .wav))
        #expect(record.action == .transcoded)
        #expect(record.after.probe.codecName == "pcm_s16le")
        #expect(record.after.decode.samples == 24_000)
    }

    @Test func originalPolicyKeepsBytesAndVerifies() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("in.wav")
        let destination = dir.file("out.wav")
        try await AudioSynthesizer(durationSeconds: 3, seed: 35).write(.wavMuLaw, to: source)
        let record = try await AudioNormalizer().normalize(
            source: source, destination: destination, options: NormalizationOptions(policy: .original))
        #expect(record.action == .kept)
        #expect(record.inputIssues.isEmpty)
        #expect(record.before.decode.samples == 24_000)
        #expect(try readBytes(destination) == readBytes(source))
    }

    @Test(arguments: [UInt32(0xFFFF_FFFF), UInt32(0)])
    func streamingHeaderWAVDecodesFully(size: UInt32) async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("stream.wav")
        try await AudioSynthesizer(durationSeconds: 7, sampleRate: 8000, channels: 1, seed: 36).write(.wavPCM16, to: source)
        var bytes = try readBytes(source)
        let dataTag = try #require(bytes.indices.first { bytes[$0..<min($0 + 4, bytes.count)].elementsEqual("data".utf8) })
        for (offset, value) in [(4, size), (dataTag + 4, size)] {
            for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
        }
        try writeBytes(bytes, to: source)

        let analysis = try await MediaProbe().analyze(path: source)
        #expect(analysis.probe.hasStreamingHeader)
        #expect(analysis.decode.samples == 56_000, "all the data present is decoded")
        #expect(try await MediaValidator().validate(path: source).isValid)

        let destination = dir.file("out.mp3")
        let record = try await AudioNormalizer().normalize(source: source, destination: destination)
        #expect(abs(record.after.decode.decodedSeconds - 7) / 7 < 0.01)

        let wav = dir.file("out.wav")
        let rewritten = try await AudioNormalizer().normalize(source: source, destination: wav, options: NormalizationOptions(policy: .wav))
        #expect(rewritten.action == .transcoded, "a streaming header is rewritten, not kept")
        #expect(rewritten.after.probe.hasStreamingHeader == false)
        #expect(rewritten.after.decode.samples == 56_000)
    }

    @Test func damagedMP3IsRepairedIntoValidMP3() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("cut.mp3")
        let destination = dir.file("fixed.mp3")
        try await AudioSynthesizer(durationSeconds: 20, seed: 37).write(.mp3(bitRate: 16_000), to: source)
        let bytes = try readBytes(source)
        let frames = MP3Frames.offsets(bytes)
        try truncateFile(source, to: frames[frames.count / 2])

        let record = try await AudioNormalizer().normalize(source: source, destination: destination)
        #expect(record.action == .repaired)
        #expect(record.inputIssues.contains { $0.code == .truncated })
        #expect(record.outputIssues.isEmpty, "\(record.outputIssues)")
        #expect(abs(record.after.decode.decodedSeconds - record.before.decode.decodedSeconds) < 0.1)
        #expect(try await MediaValidator().validate(path: destination).isValid)
    }

    @Test func rateLameCannotTakeIsResampledDown() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("hi.wav")
        let destination = dir.file("hi.mp3")
        try await AudioSynthesizer(durationSeconds: 3, sampleRate: 96_000, channels: 1, signal: .sine(frequency: 440, amplitude: 0.3))
            .write(.wavPCM16, to: source)
        let record = try await AudioNormalizer().normalize(source: source, destination: destination)
        #expect(record.resampled)
        #expect(record.after.probe.sampleRate == 48_000)
        #expect(abs(record.after.decode.decodedSeconds - 3) < 0.05)
    }

    @Test func notAudioSourceThrowsAndWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("body.html")
        let destination = dir.file("out.mp3")
        try writeBytes(Array("<html><body>Too many requests</body></html>".utf8), to: source)
        await #expect {
            _ = try await AudioNormalizer().normalize(source: source, destination: destination)
        } throws: { error in
            (error as? MediaError)?.code == .notAudio
        }
        #expect(!FileManager.default.fileExists(atPath: destination))
    }
}
