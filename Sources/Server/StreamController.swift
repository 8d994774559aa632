import Archive
import Foundation
import Hummingbird
import NIOCore

/// `GET` and `HEAD /recordings/{id}/stream`: the archived audio, whole or one byte range.
struct StreamController: Sendable {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/recordings/:id/stream") { request, context in try await self.stream(request, context: context) }
        group.head("/recordings/:id/stream") { request, context in try await self.stream(request, context: context) }
    }

    func stream(_ request: Request, context: ServerContext) async throws -> Response {
        let id = try RecordingsController.id(context)
        guard let audio = try await dependencies.catalog.files(recordingId: id).first(where: { $0.role == .audio }) else {
            throw APIError.notFound("recording \(id) is not archived")
        }
        let size = audio.bytes
        var range: ClosedRange<Int64>?
        if let header = request.headers[.range], header.hasPrefix("bytes="), !header.contains(",") {
            let spec = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
            if spec.count == 2 {
                if spec[0].isEmpty, let suffix = Int64(spec[1]), suffix > 0 {
                    range = max(0, size - suffix)...(size - 1)
                } else if let start = Int64(spec[0]), start < size {
                    range = start...min(size - 1, Int64(spec[1]) ?? (size - 1))
                } else if Int64(spec[0]) != nil {
                    throw APIError(.rangeNotSatisfiable, "range-not-satisfiable", "the range is beyond the file", headers: [.contentRange: "bytes */\(size)"])
                }
            }
        }
        var headers: HTTPFields = [.contentType: audio.format == "wav" ? "audio/wav" : "audio/mpeg", .acceptRanges: "bytes"]
        headers[.eTag] = "\"\(audio.sha256)\""
        headers[.contentLength] = String(range.map { $0.upperBound - $0.lowerBound + 1 } ?? size)
        if let range { headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)" }
        let storage = dependencies.storage
        let key = audio.relativePath
        let requested = range
        let body = request.method == .head
            ? ResponseBody()
            : ResponseBody(asyncSequence: StorageChunks(storage: storage, key: key, range: requested))
        return Response(status: range == nil ? .ok : .partialContent, headers: headers, body: body)
    }
}
