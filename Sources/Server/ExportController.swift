import Archive
import Compliance
import Foundation
import Hummingbird
import NIOCore

/// `GET /recordings/{id}/export`: the recording's zip (audio, kept original, sidecar, transcript
/// as JSON, VTT and TXT, `manifest.json` with every file's SHA-256). The zip is built in the
/// home's `tmp/` with chunked copies, then streamed in bounded chunks and removed.
struct ExportController: Sendable {
    let dependencies: ServerDependencies
    let exporter: RecordingExporter

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/recordings/:id/export") { _, context in try await self.export(try RecordingsController.id(context)) }
    }

    func export(_ id: String) async throws -> Response {
        try FileManager.default.createDirectory(atPath: exporter.temporaryDirectory, withIntermediateDirectories: true)
        let path = exporter.temporaryDirectory + "/.export-\(UUID().uuidString).zip"
        do {
            try await exporter.export(recordingIds: [id], to: path)
        } catch let error as ComplianceError where error.code == .notFound {
            throw APIError.notFound(error.message)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        var headers: HTTPFields = [.contentType: "application/zip", .contentLength: String(size)]
        headers[.contentDisposition] = "attachment; filename=\"recording-\(id).zip\""
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: FileChunks(path: path, removeAfter: true)))
    }
}
