import App
import Archive
import Crypto
import Essentials
import Foundation
import Hummingbird
import Media

/// `serve-bench seed HOME COUNT SECONDS`: files COUNT synthesized MP3 recordings of SECONDS each
/// (32 kbit/s, 8 kHz mono: 4 kB per second) through the archive into HOME, as the pipeline would,
/// and prints one `id relative-path bytes` line per recording for `scripts/bench/stream`.
@main
struct ServeBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.count == 4, arguments[1] == "bare", let port = Int(arguments[2]) {
            try await bare(port: port, file: arguments[3])
            return
        }
        guard arguments.count == 5, arguments[1] == "seed", let count = Int(arguments[3]), let seconds = Double(arguments[4]) else {
            FileHandle.standardError.write(Data("usage: serve-bench seed HOME COUNT SECONDS\n".utf8))
            exit(2)
        }
        let home = arguments[2]
        let configuration = try await CallvaultConfiguration.load(environment: ["CALLVAULT_HOME": home, "CALLVAULT_LOG_LEVEL": "error"])
        let app = try await CallvaultApplication.build(configuration)
        do {
            try await seed(app, home: home, count: count, seconds: seconds)
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }

    /// `serve-bench bare PORT FILE`: Hummingbird alone, with no catalog, authentication, audit or
    /// metrics, answering `GET /bare` with bytes 4096-5119 of FILE (read once into memory) as a
    /// 206: the framework's own ceiling for the 1 KB range requests on this machine.
    static func bare(port: Int, file: String) async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let slice = ByteBuffer(bytes: data[4096..<5120])
        let size = data.count
        let router = Router()
        router.get("/bare") { _, _ in
            Response(
                status: .partialContent,
                headers: [.contentType: "audio/mpeg", .contentRange: "bytes 4096-5119/\(size)", .acceptRanges: "bytes"],
                body: ResponseBody(byteBuffer: slice))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }

    static func seed(_ app: CallvaultApplication, home: String, count: Int, seconds: Double) async throws {
        do {
            let input = (home as NSString).appendingPathComponent("seed.mp3")
            let now = app.clock.nowMillis()
            for index in 0..<count {
                let id = String(70_000_000 + index)
                try await AudioSynthesizer(durationSeconds: seconds, seed: UInt64(index + 1)).write(.mp3(bitRate: 32_000), to: input)
                let data = try Data(contentsOf: URL(fileURLWithPath: input))
                let sha = Hex.encode(SHA256.hash(data: data))
                let call = CallEntry(
                    id: "bench-\(id)", startTimeMillis: now - Int64(index + 1) * 600_000, durationSeconds: Int64(seconds),
                    direction: "Inbound", qualification: "accepted", recordJSON: #"{"id":"bench-\#(id)"}"#)
                let recording = RecordingEntry(
                    id: id, callId: call.id, contentUri: "https://media.example/restapi/v1.0/account/~/recording/\(id)/content",
                    expectedDurationSeconds: Int64(seconds))
                let archived = try await app.archive.file(
                    recording: recording, call: call, receivedPath: input, normalizedPath: nil, normalization: nil, receivedSHA256: sha)
                print("\(id) \(archived.audio.relativePath) \(archived.audio.bytes)")
            }
        }
    }
}
