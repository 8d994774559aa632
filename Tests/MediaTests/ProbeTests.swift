import Foundation
import Media
import Testing

@Suite struct ProbeTests {
    @Test func cbrMP3HeaderAndFullDecode() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("call.mp3")
        var synth = AudioSynthesizer(durationSeconds: 10, sampleRate: 8000, channels: 1, seed: 7)
        synth.tags = ["title": "Call 1662272004", "artist": "callvault"]
        try await synth.write(.mp3(bitRate: 16_000), to: path)

        let probe = try await MediaProbe().probe(path: path)
        #expect(probe.formatName == "mp3")
        #expect(probe.codecName == "mp3")
        #expect(probe.sampleRate == 8000)
        #expect(probe.channels == 1)
        #expect(probe.channelLayout == "mono")
        #expect(probe.streamBitRate == 16_000)
        #expect(probe.frameSize == 576)
        #expect(probe.tags["title"] == "Call 1662272004")
        #expect(probe.tags["artist"] == "callvault")
        // The header counts whole frames, including LAME's encoder delay and end padding, which
        // the decoder drops; the Info tag says how many samples that is.
        let duration = try #require(probe.durationSeconds)
        #expect(duration > 10 && duration < 10.3)
        #expect(probe.gaplessTrimSamples > 576)
        #expect(abs((probe.expectedDecodedSeconds ?? 0) - 10) < 0.001)
        #expect(probe.byteCount > 19_000 && probe.byteCount < 22_000)

        let analysis = try await MediaProbe().analyze(path: path)
        #expect(analysis.decode.decodeErrors == 0)
        #expect(analysis.decode.readError == nil)
        #expect(analysis.decode.frames > 100)
        #expect(analysis.decode.samples == 80_000)
        #expect(abs(analysis.durationDifference ?? 1) <= analysis.durationTolerance)
        #expect(analysis.decode.loudness.integratedLUFS != nil)
    }

    @Test func wavPCMProbe() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("call.wav")
        try await AudioSynthesizer(durationSeconds: 5, sampleRate: 16_000, channels: 2, seed: 3).write(.wavPCM16, to: path)

        let probe = try await MediaProbe().probe(path: path)
        #expect(probe.formatName == "wav")
        #expect(probe.codecName == "pcm_s16le")
        #expect(probe.sampleRate == 16_000)
        #expect(probe.channels == 2)
        #expect(probe.bitsPerSample == 16)
        #expect(probe.streamBitRate == 512_000)
        #expect(probe.durationSource == .streamHeader)
        #expect(probe.hasStreamingHeader == false)
        #expect(abs((probe.durationSeconds ?? 0) - 5) < 0.001)

        let analysis = try await MediaProbe().analyze(path: path)
        #expect(analysis.decode.samples == 80_000)
        #expect(analysis.decode.decodeErrors == 0)
        #expect(analysis.decode.decodedSeconds == 5)
    }

    @Test func wavMuLawProbe() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("call.wav")
        try await AudioSynthesizer(durationSeconds: 4, sampleRate: 8000, channels: 1, seed: 4).write(.wavMuLaw, to: path)

        let probe = try await MediaProbe().probe(path: path)
        #expect(probe.formatName == "wav")
        #expect(probe.codecName == "pcm_mulaw")
        #expect(probe.bitsPerSample == 8)
        #expect(probe.streamBitRate == 64_000)
        #expect(abs((probe.durationSeconds ?? 0) - 4) < 0.001)

        let analysis = try await MediaProbe().analyze(path: path)
        #expect(analysis.decode.samples == 32_000)
        #expect(analysis.decode.decodeErrors == 0)
    }

    @Test func probeOfNonAudioThrowsNotAudio() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("body.json")
        try writeBytes(Array(#"{"errorCode":"CMN-301","message":"Request rate exceeded"}"#.utf8), to: path)
        await #expect {
            _ = try await MediaProbe().probe(path: path)
        } throws: { error in
            (error as? MediaError)?.code == .notAudio && (error as? MediaError)?.message.contains("CMN-301") == true
        }
    }

    @Test func missingFileThrowsIOFailed() async throws {
        await #expect {
            _ = try await MediaProbe().analyze(path: "/nonexistent/callvault/none.mp3")
        } throws: { error in
            (error as? MediaError)?.code == .ioFailed
        }
    }
}
