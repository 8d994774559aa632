import Foundation
import Media
import Testing

@Suite struct CancellationTests {
    /// A long (2 h, 8 kHz) PCM WAV made with the FFmpeg CLI, so it is quick to create.
    private func longWAV(in dir: TemporaryDirectory) throws -> String {
        let path = dir.file("long.wav")
        let result = try runTool(
            "/usr/bin/ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "anoisesrc=d=7200:r=8000:a=0.1", "-c:a", "pcm_s16le", "-y", path])
        try #require(result.status == 0, "\(result.output)")
        return path
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
    func cancellingADecodeThrowsCancellationError() async throws {
        let dir = try TemporaryDirectory()
        let path = try longWAV(in: dir)
        let task = Task { try await MediaProbe().analyze(path: path) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(!openFilePaths().contains(path), "the input was closed")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
    func cancellingAnEncodeThrowsAndLeavesNoOutput() async throws {
        let dir = try TemporaryDirectory()
        let path = try longWAV(in: dir)
        let destination = dir.file("out.mp3")
        let task = Task { try await AudioNormalizer().normalize(source: path, destination: destination) }
        // Let the encode get going first: wait until the output file exists.
        for _ in 0..<2000 where !FileManager.default.fileExists(atPath: destination) {
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(!FileManager.default.fileExists(atPath: destination), "the partial output was removed")
        let open = openFilePaths()
        #expect(!open.contains(path) && !open.contains(destination), "no handle left open")
    }

    @Test func alreadyCancelledTaskDoesNoWork() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("a.wav")
        try await AudioSynthesizer(durationSeconds: 1).write(.wavPCM16, to: path)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await MediaValidator().validate(path: path)
        }
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
