import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Recording metadata (platform listener) and content (media listener), both `Heavy`, app permission
/// `ReadCallRecording`. A recording is readable only once its call-log record is (see
/// ``SimulatorConfiguration/callLogDelay``).
struct RecordingController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    static let acceptRanges = HTTPField.Name("Accept-Ranges")!
    static let contentRange = HTTPField.Name("Content-Range")!

    /// Thrown from a body writer to cut the connection mid-body.
    struct ConnectionCut: Error {}

    /// Finds a recording whose call-log record is visible now; 404 otherwise.
    private func visibleRecording(_ recordingId: String?, parameter: String) throws -> (call: SimulatedCall, recording: SimulatedRecording) {
        guard let recordingId, let found = self.simulator.recording(id: recordingId), self.simulator.isVisible(found.call, now: self.simulator.now) else {
            throw SimulatorError.notFound(parameter: parameter)
        }
        return found
    }

    /// Platform listener: recording metadata, and a 404 for content requests, which RingCentral serves only from the
    /// media entry point (`https://media.ringcentral.com`). What the real platform host answers there is not
    /// documented; the simulator answers 404 so that a client rebuilding media URLs from the platform URL fails, and
    /// counts those requests as `recording.content.platformHost`.
    func addPlatformRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("/restapi/v1.0/account/:accountId/recording/:recordingId") { request, context in
            let recordingId = context.parameters.get("recordingId")
            let spec = RouteSpec(
                name: "recording.metadata", group: .heavy, authentication: .bearer, target: .recordingMetadata, permission: "ReadCallRecording"
            )
            return await self.router.respond(request, spec, recordingId: recordingId) { _ in
                try self.router.checkAccount(context.parameters.get("accountId"))
                let found = try self.visibleRecording(recordingId, parameter: "callRecordingId")
                let body: JSONValue = [
                    "id": .string(found.recording.id),
                    "contentUri": .string(
                        "\(self.simulator.mediaBase)/restapi/v1.0/account/\(self.simulator.configuration.accountId)/recording/\(found.recording.id)/content"
                    ),
                    "contentType": .string(self.simulator.contentType(for: found.recording)),
                    "duration": .int(found.recording.durationSeconds),
                ]
                return SimulatorRouter.json(body)
            }
        }
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/restapi/v1.0/account/:accountId/recording/:recordingId/content", method: method) { _, _ in
                self.simulator.countRoute("recording.content.platformHost")
                return SimulatorError.api(
                    .notFound, code: "CMN-120", message: "Invalid URI: recording content is served by the media entry point"
                ).response()
            }
        }
    }

    /// Media listener: recording content, `GET` and `HEAD` (counted alike, Heavy, bearer or `?access_token=`).
    func addMediaRoutes(to router: Router<SimulatorRequestContext>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/restapi/v1.0/account/:accountId/recording/:recordingId/content", method: method) { request, context in
                let recordingId = context.parameters.get("recordingId")
                let spec = RouteSpec(
                    name: "recording.content", group: .heavy, authentication: .bearerOrQuery, target: .content, permission: "ReadCallRecording"
                )
                return await self.router.respond(request, spec, recordingId: recordingId) { route in
                    try self.router.checkAccount(context.parameters.get("accountId"))
                    let found = try self.visibleRecording(recordingId, parameter: "recordingId")
                    let rendered = try await self.simulator.audio.audio(for: found.recording)
                    let head = method == .head
                    let response = try self.content(
                        request, bytes: rendered.bytes, contentType: self.simulator.contentType(for: found.recording),
                        recordingId: found.recording.id, extension: rendered.format == .mp3 ? "mp3" : "wav",
                        fault: head ? nil : route.fault, channel: context.channel, countBytes: !head
                    )
                    return head ? Response(status: response.status, headers: response.headers, body: .init()) : response
                }
            }
        }
    }

    /// Parses a single `bytes=` range against `length`; `nil` = serve everything, throws 416 when unsatisfiable.
    static func range(_ header: String?, length: Int) throws -> ClosedRange<Int>? {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes="), !trimmed.contains(",") else { return nil }
        let spec = trimmed.dropFirst(6)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        let unsatisfiable = SimulatorError(
            status: .rangeNotSatisfiable,
            body: [
                "errorCode": "CMN-107", "message": "Requested Range Not Satisfiable",
                "errors": [["errorCode": "CMN-107", "message": "Requested Range Not Satisfiable"]],
            ],
            headers: [Self.contentRange: "bytes */\(length)"]
        )
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]) else { return nil }
            guard suffix > 0, length > 0 else { throw unsatisfiable }
            return max(length - suffix, 0)...(length - 1)
        }
        guard let start = Int(parts[0]) else { return nil }
        guard start < length else { throw unsatisfiable }
        if parts[1].isEmpty {
            return start...(length - 1)
        }
        guard let end = Int(parts[1]), end >= start else { return nil }
        return start...min(end, length - 1)
    }

    private func content(
        _ request: Request,
        bytes: [UInt8],
        contentType: String,
        recordingId: String,
        extension fileExtension: String,
        fault: SimulatorFault.Kind?,
        channel: any Channel,
        countBytes: Bool = true
    ) throws -> Response {
        let range = try Self.range(request.headers[.range], length: bytes.count)
        let slice = range.map { Array(bytes[$0]) } ?? bytes
        var headers: HTTPFields = [.contentType: contentType, Self.acceptRanges: "bytes", .contentLength: String(slice.count)]
        headers[.contentDisposition] = "inline; filename=\"recording_\(recordingId).\(fileExtension)\""
        var status = HTTPResponse.Status.ok
        if let range {
            status = .partialContent
            headers[Self.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(bytes.count)"
        }
        let simulator = self.simulator
        switch fault {
        case .truncatedBody(let fraction):
            let sent = max(0, min(slice.count - 1, Int(Double(slice.count) * fraction)))
            return Response(status: status, headers: headers, body: .init(contentLength: slice.count) { writer in
                try await writer.write(ByteBuffer(bytes: slice[0..<sent]))
                simulator.countContentBytes(sent)
                throw ConnectionCut()
            })
        case .connectionReset(let afterBytes):
            let sent = max(0, min(slice.count - 1, afterBytes))
            return Response(status: status, headers: headers, body: .init(contentLength: slice.count) { writer in
                if sent > 0 {
                    try await writer.write(ByteBuffer(bytes: slice[0..<sent]))
                }
                simulator.countContentBytes(sent)
                // Abort with a TCP RST rather than a FIN.
                if let provider = channel as? any SocketOptionProvider {
                    try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
                }
                try? await channel.close()
                throw ConnectionCut()
            })
        case .slowBody(let bytesPerSecond):
            let chunk = max(1, bytesPerSecond / 10)
            return Response(status: status, headers: headers, body: .init(contentLength: slice.count) { writer in
                var offset = 0
                while offset < slice.count {
                    let end = min(offset + chunk, slice.count)
                    try await writer.write(ByteBuffer(bytes: slice[offset..<end]))
                    simulator.countContentBytes(end - offset)
                    offset = end
                    if offset < slice.count {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                try await writer.finish(nil)
            })
        default:
            if countBytes {
                simulator.countContentBytes(slice.count)
            }
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: slice)))
        }
    }
}
