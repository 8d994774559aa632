import App
import ArgumentParser
import Compliance
import Essentials
import Foundation

/// `callvault export ID... --output FILE.zip`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write recordings into a zip: audio, kept original, sidecar, transcript (JSON, VTT, TXT) and a manifest.",
        discussion: "manifest.json lists every file of the zip with its size and SHA-256. The zip appears only when complete."
    )

    @Argument(help: "Recording ids.")
    var ids: [String]

    @Option(help: "The zip file to write.")
    var output: String

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name at least one recording id") }
        guard !output.isEmpty else { throw ValidationError("--output needs a file name") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let manifest = try await app.use { app in
            let manifest: ExportManifest
            do {
                manifest = try await app.exporter.export(recordingIds: ids, to: output)
            } catch let error as ComplianceError where error.code == .invalidArgument {
                throw CLIError.usage(error.message)
            } catch let error as ComplianceError {
                throw CLIError.failure(error.message)
            }
            for recording in manifest.recordings {
                try await app.recordAudit(
                    .export, recordingId: recording.id,
                    details: ["output": (output as NSString).lastPathComponent, "files": "\(recording.files.count)"])
            }
            return manifest
        }
        let files = manifest.recordings.reduce(0) { $0 + $1.files.count }
        print("exported \(manifest.recordings.count) recording\(manifest.recordings.count == 1 ? "" : "s") (\(files) files and manifest.json) to \(output)")
    }
}
