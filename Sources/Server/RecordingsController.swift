import Archive
import Compliance
import Essentials
import Foundation
import Hummingbird
import NIOCore
import Transcripts

/// `GET /recordings`, `GET /recordings/{id}` and `GET /recordings/{id}/transcript`.
struct RecordingsController: Sendable {
    let dependencies: ServerDependencies
    let links: LinkMaker

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/recordings") { request, _ in try await self.list(request) }
        group.get("/recordings/:id") { _, context in try await self.show(try Self.id(context)) }
        group.get("/recordings/:id/transcript") { request, context in try await self.transcript(try Self.id(context), request) }
    }

    static func id(_ context: ServerContext) throws -> String {
        guard let id = context.parameters.get("id"), ArchiveLayout.isValidRecordingId(id) else {
            throw APIError.notFound("no such recording")
        }
        return id
    }

    func list(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let page: RecordingPage
        do {
            page = try await dependencies.catalog.listRecordings(
                RecordingQuery(
                    fromMillis: try query.time("from"), toMillis: try query.time("to", endOfDay: true), phone: try query.phone(),
                    direction: try query.direction(), hasTranscript: try query.bool("has_transcript"), cursor: query.string("cursor"),
                    limit: try query.int("limit", default: 50, range: 1...500)))
        } catch let error as ArchiveError where error.code == .invalidArgument {
            throw APIError.badRequest(error.message)
        }
        struct Item: Encodable {
            var summary: RecordingSummary
            var callStart: String
            var streamUrl: String

            func encode(to encoder: any Encoder) throws {
                try summary.encode(to: encoder)
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(callStart, forKey: .callStart)
                try container.encode(streamUrl, forKey: .streamUrl)
            }

            enum Keys: String, CodingKey { case callStart, streamUrl }
        }
        struct Body: Encodable {
            var recordings: [Item]
            var nextCursor: String?
        }
        let items = page.recordings.map {
            Item(
                summary: $0, callStart: Millis.iso8601($0.callStartMillis),
                streamUrl: links.stream(recordingId: $0.id, durationSeconds: $0.durationSeconds))
        }
        return try JSONResponse.make(Body(recordings: items, nextCursor: page.nextCursor))
    }

    func show(_ id: String) async throws -> Response {
        guard let recording = try await dependencies.catalog.recording(id), let call = try await dependencies.catalog.call(recording.callId)
        else { throw APIError.notFound("no recording \(id)") }
        let files = try await dependencies.catalog.files(recordingId: id)
        var media: AnyJSON?
        if let sidecar = files.first(where: { $0.role == .sidecar }),
            let bytes = try? await dependencies.storage.readAll(key: sidecar.relativePath)
        {
            media = (try? AnyJSON.parse(Data(bytes)))?.member("media")
        }
        let status = try await dependencies.transcripts.transcriptStatus(recordingId: id)
        let stored = status?.state == .available ? try await dependencies.transcripts.storedTranscript(recordingId: id) : nil
        let transcript = RecordingDetails.TranscriptPart(
            state: status?.state.rawValue ?? "none", reason: status?.reason, source: status?.source?.rawValue,
            versionTime: status?.versionMillis.map(Millis.iso8601), insights: stored?.transcript.insights,
            url: stored == nil ? nil : "/recordings/\(id)/transcript")
        var details = RecordingDetails(
            id: id, call: call, recording: recording, files: files, media: media, transcript: transcript,
            streamUrl: recording.state == .archived || recording.state == .pending || recording.state == .downloaded
                ? links.stream(recordingId: id, durationSeconds: recording.expectedDurationSeconds ?? call.durationSeconds) : nil)
        if let compliance = dependencies.compliance {
            let country = dependencies.phoneCountry
            let parties = [PhoneNumber.e164OrNil(call.fromNumber, country: country), PhoneNumber.e164OrNil(call.toNumber, country: country)]
            if let hold = try await compliance.holds().first(where: { $0.covers(recordingId: id, parties: parties) }) {
                details.hold = .init(value: .init(reason: hold.reason, createdAt: Millis.iso8601(hold.createdAt), phone: hold.phone != nil))
            }
        }
        return try JSONResponse.make(details)
    }

    func transcript(_ id: String, _ request: Request) async throws -> Response {
        let formatText = QueryParameters(request).string("format") ?? "json"
        guard let format = TranscriptFormat(rawValue: formatText) else {
            throw APIError.badRequest("format must be json, txt, vtt or srt")
        }
        guard let stored = try await dependencies.transcripts.storedTranscript(recordingId: id) else {
            let status = try await dependencies.transcripts.transcriptStatus(recordingId: id)
            let why = status.map { "\($0.state.rawValue)\($0.reason.map { ": \($0)" } ?? "")" } ?? "none fetched yet"
            throw APIError(.notFound, "no-transcript", "recording \(id) has no transcript (\(why))")
        }
        let body: [UInt8]
        let type: String
        switch format {
        case .json:
            body = try await dependencies.storage.readAll(key: stored.file.relativePath)
            type = "application/json; charset=utf-8"
        case .txt:
            body = Array(TranscriptRenderer.text(stored.transcript).utf8)
            type = "text/plain; charset=utf-8"
        case .vtt:
            body = Array(TranscriptRenderer.vtt(stored.transcript).utf8)
            type = "text/vtt; charset=utf-8"
        case .srt:
            body = Array(TranscriptRenderer.srt(stored.transcript).utf8)
            type = "application/x-subrip; charset=utf-8"
        }
        var headers: HTTPFields = [.contentType: type, .contentLength: String(body.count)]
        headers[.cacheControl] = "private, no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
