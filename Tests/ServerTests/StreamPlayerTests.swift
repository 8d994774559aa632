import App
import Archive
import Foundation
import Media
import TestSupport
import Testing

/// Real players on the signed stream URL: ffprobe reads the format, and `ffmpeg -ss 30 -i URL`
/// seeks (with `Range: bytes=N-`) and decodes exactly what it decodes from the file itself.
@Suite("Stream: players", .enabled(if: ExternalTool.path("ffmpeg") != nil && ExternalTool.path("ffprobe") != nil))
struct StreamPlayerTests {
    @Test(arguments: [AudioFileFormat.wavPCM16, .mp3(bitRate: 32_000)])
    func ffmpegSeeksThroughTheSignedURLAndDecodesWhatTheFileHolds(format: AudioFileFormat) async throws {
        try await StreamFixture.with { f in
            let id = format == .wavPCM16 ? "7001" : "7002"
            let (stored, bytes) = try await f.file(id: id, format: format, seconds: 60)
            let local = f.home.path("local.\(format.fileExtension)")
            try Data(bytes).write(to: URL(fileURLWithPath: local))
            let url = f.signedURL(id)

            let probe = try await ChildProcess.run(
                ExternalTool.path("ffprobe")!, ["-v", "error", "-show_entries", "format=format_name,duration,size", "-of", "json", url])
            #expect(probe.status == 0, "\(probe.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any]
            let formatInfo = try #require(json?["format"] as? [String: Any])
            #expect((formatInfo["format_name"] as? String) == stored.format)
            #expect((formatInfo["size"] as? String) == String(bytes.count))
            let duration = Double(formatInfo["duration"] as? String ?? "") ?? 0
            #expect(abs(duration - 60) < 0.5, "duration \(duration)")

            func decode(_ input: String) async throws -> (pcm: Data, log: String) {
                let output = f.home.path("decoded-\(UUID().uuidString).raw")
                let run = try await ChildProcess.run(
                    ExternalTool.path("ffmpeg")!,
                    ["-nostdin", "-v", "debug", "-ss", "30", "-i", input, "-t", "2", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-y", output])
                #expect(run.status == 0, "\(run.stderr.suffix(2000))")
                return (try Data(contentsOf: URL(fileURLWithPath: output)), run.stderr)
            }
            let streamed = try await decode(url)
            let fromFile = try await decode(local)
            #expect(streamed.pcm.count == 2 * 8000 * 2)
            #expect(streamed.pcm == fromFile.pcm)
            // The player asked for the middle of the file: it seeked instead of reading it all.
            let offsets = streamed.log.split(whereSeparator: \.isNewline).compactMap { line -> Int? in
                guard line.hasPrefix("Range: bytes=") else { return nil }
                return Int(line.dropFirst("Range: bytes=".count).prefix { $0.isNumber })
            }
            #expect(!offsets.isEmpty)
            if format == .wavPCM16 {
                // 30 s of 16-bit mono at 8 kHz past a 44-to-80-byte header.
                #expect(offsets.contains { (480_000...480_200).contains($0) }, "\(offsets)")
            }
        }
    }
}
