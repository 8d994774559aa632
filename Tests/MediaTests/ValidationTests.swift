import Foundation
import Media
import Testing

@Suite struct ValidationTests {
    @Test func cleanFilesAreValid() async throws {
        let dir = try TemporaryDirectory()
        let mp3 = dir.file("a.mp3")
        let wav = dir.file("a.wav")
        try await AudioSynthesizer(durationSeconds: 6, seed: 1).write(.mp3(bitRate: 16_000), to: mp3)
        try await AudioSynthesizer(durationSeconds: 6, seed: 1).write(.wavMuLaw, to: wav)
        for path in [mp3, wav] {
            let size = try readBytes(path).count
            let result = try await MediaValidator().validate(
                path: path, expectations: ValidationExpectations(durationSeconds: 6, byteCount: Int64(size)))
            #expect(result.isValid, "\(path): \(result.reasons)")
        }
    }

    /// A CBR MP3 with a Xing/Info header cut in half exactly at a frame boundary: the header still
    /// says 60 s and decoding raises no error, so only the decoded duration reveals it.
    @Test func cbrMP3CutAtFrameBoundaryIsTruncated() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("cut.mp3")
        try await AudioSynthesizer(durationSeconds: 60, sampleRate: 8000, channels: 1, seed: 21).write(.mp3(bitRate: 16_000), to: path)
        let bytes = try readBytes(path)
        let frames = MP3Frames.offsets(bytes)
        #expect(frames.count > 800)
        let cut = try #require(frames.min { abs($0 - bytes.count / 2) < abs($1 - bytes.count / 2) })
        try truncateFile(path, to: cut)

        let header = try await MediaProbe().probe(path: path)
        #expect(abs((header.expectedDecodedSeconds ?? 0) - 60) < 0.01, "the header alone still reports the full duration")

        let result = try await MediaValidator().validate(path: path)
        let analysis = try #require(result.analysis)
        #expect(analysis.decode.decodeErrors == 0, "a frame-aligned cut decodes without errors")
        #expect(abs(analysis.decode.decodedSeconds - 30) < 1)
        guard case .damaged(let reasons, _) = result else {
            Issue.record("expected damaged, got \(result)")
            return
        }
        let truncated = try #require(reasons.first { $0.code == .truncated })
        #expect(truncated.message.contains("decoded 29.") || truncated.message.contains("decoded 30."))
        #expect(truncated.message.contains("60"))
    }

    @Test func muLawWAVCutInHalfIsTruncated() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("cut.wav")
        try await AudioSynthesizer(durationSeconds: 60, sampleRate: 8000, channels: 1, seed: 22).write(.wavMuLaw, to: path)
        let size = try readBytes(path).count
        try truncateFile(path, to: size / 2)

        let header = try await MediaProbe().probe(path: path)
        #expect(header.codecName == "pcm_mulaw")
        #expect(abs((header.durationSeconds ?? 0) - 60) < 0.01, "the header alone still reports the full duration")

        let result = try await MediaValidator().validate(path: path)
        guard case .damaged(let reasons, let analysis) = result else {
            Issue.record("expected damaged, got \(result)")
            return
        }
        #expect(reasons.contains { $0.code == .truncated })
        #expect(abs((analysis?.decode.decodedSeconds ?? 0) - 30) < 0.1)
    }

    @Test func expectedDurationMismatchIsDamaged() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("a.mp3")
        try await AudioSynthesizer(durationSeconds: 10, seed: 2).write(.mp3(bitRate: 16_000), to: path)

        let within = try await MediaValidator().validate(path: path, expectations: ValidationExpectations(durationSeconds: 10.9))
        #expect(within.isValid, "within 1 s is accepted")

        let result = try await MediaValidator().validate(path: path, expectations: ValidationExpectations(durationSeconds: 20))
        #expect(!result.isValid)
        let reason = try #require(result.reasons.first { $0.code == .expectedDurationMismatch })
        #expect(reason.message.contains("expected duration is 20"))

        // 2 % of 100 s is 2 s: 98.5 s is accepted for an expected 100 s.
        let long = dir.file("long.wav")
        try await AudioSynthesizer(durationSeconds: 98.5, signal: .sine(frequency: 440, amplitude: 0.1)).write(.wavMuLaw, to: long)
        #expect(try await MediaValidator().validate(path: long, expectations: ValidationExpectations(durationSeconds: 100)).isValid)
    }

    @Test func contentLengthMismatchIsDamaged() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("a.wav")
        try await AudioSynthesizer(durationSeconds: 3, seed: 2).write(.wavPCM16, to: path)
        let size = try readBytes(path).count
        let result = try await MediaValidator().validate(path: path, expectations: ValidationExpectations(byteCount: Int64(size + 1000)))
        let reason = try #require(result.reasons.first { $0.code == .byteCountMismatch })
        #expect(reason.message.contains("\(size) bytes"))
        #expect(reason.message.contains("Content-Length was \(size + 1000)"))
    }

    @Test func garbageInsideMP3CountsDecodeErrors() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("garbage.mp3")
        try await AudioSynthesizer(durationSeconds: 20, seed: 5).write(.mp3(bitRate: 16_000), to: path)
        var bytes = try readBytes(path)
        var state: UInt64 = 0xC0FFEE
        let middle = bytes.count / 2
        for i in middle..<(middle + 400) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 33)
        }
        try writeBytes(bytes, to: path)
        let result = try await MediaValidator().validate(path: path)
        #expect(!result.isValid)
        #expect(result.analysis != nil, "still decodable")
    }

    @Test func headerOnlyWAVIsDamagedNotCrash() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("header.wav")
        try await AudioSynthesizer(durationSeconds: 1, seed: 2).write(.wavPCM16, to: path)
        try truncateFile(path, to: 30)
        let result = try await MediaValidator().validate(path: path)
        guard case .damaged(let reasons, _) = result else {
            Issue.record("expected damaged, got \(result)")
            return
        }
        #expect(!reasons.isEmpty)
    }
}
