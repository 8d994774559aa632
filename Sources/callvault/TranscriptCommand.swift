import App
import Compliance
public import ArgumentParser
import Archive
import Foundation
import Transcripts

/// `callvault transcript ID`: print a stored transcript.
struct TranscriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Print a recording's transcript as JSON (the stored sidecar), TXT, VTT or SRT.",
        discussion: "Exit 1 when the recording has no transcript; the message says why."
    )

    @Argument(help: "RingCentral's recording id.")
    var id: String

    @Option(help: "json, txt, vtt or srt.")
    var format: TranscriptFormat = .json

    func run() async throws {
        let app = try await Bootstrap.application()
        let output: String = try await app.use { app in
            guard let stored = try await app.transcripts.storedTranscript(recordingId: id) else {
                let status = try await app.transcripts.transcriptStatus(recordingId: id)
                let why = status.map { "\($0.state.rawValue)\($0.reason.map { ": \($0)" } ?? "")" } ?? "none fetched yet"
                throw CLIError.failure("recording \(id) has no transcript (\(why))")
            }
            try await app.recordAudit(.transcriptRead, recordingId: id, details: ["format": format.rawValue])
            if format == .json {
                return String(decoding: try await app.storage.readAll(key: stored.file.relativePath), as: UTF8.self)
            }
            return TranscriptRenderer.render(stored.transcript, as: format)
        }
        print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
    }
}

extension TranscriptFormat: ExpressibleByArgument {}
