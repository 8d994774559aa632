import Archive
import Essentials
import Hummingbird
import Logging
import NIOCore
import Pipeline

/// `GET` and `HEAD /recordings/{id}/stream`: the audio for players, with seeking.
///
/// An archived recording is its stored audio file served as nginx serves a static file: byte
/// ranges (``ByteRangeRequest``: single, open-ended, suffix, several as `multipart/byteranges`,
/// 416 with `Content-Range: bytes */SIZE`), `Accept-Ranges: bytes` on every answer, a strong
/// `ETag` (the SHA-256 of the stored bytes) and `Last-Modified` (when it was filed), and the
/// preconditions in RFC 9110's order (``ConditionalRequest``: `If-Match`, `If-Unmodified-Since`,
/// `If-None-Match`, `If-Modified-Since`, `If-Range`). The body is read in bounded chunks off the
/// event loops and written as the player takes it (the writer waits while the socket is full),
/// so memory does not grow with the file's size or the number of players. Audio is never
/// compressed. `Content-Disposition` names the archive's file, `inline`, or `attachment` with
/// `?download=1` (the query is not part of a signed link's signature).
///
/// When the storage is not on this machine (an object store), the ranges are read from it with
/// `Range` and relayed; with ``ServerSettings/redirectToStorage`` a `GET` is answered instead
/// with `302 Found` to a presigned URL of the object (players then seek against the store), after
/// the same authentication.
///
/// A recording that is not archived yet is proxied from RingCentral (``RecordingProxy``).
///
/// Which file is a recording's audio is asked of the catalog once per burst of requests, not per
/// request: ``StreamFileCache`` keeps the answer while the file it names stays the same file.
struct StreamController: Sendable {
    let dependencies: ServerDependencies
    let settings: ServerSettings
    let cache = StreamFileCache()

    /// Thrown inside a response built from a ``StreamFileCache`` entry that cannot be trusted (the
    /// file changed, is gone, or the answer would not read it): the request is answered again
    /// from the catalog.
    private struct CachedAnswerUnusable: Error {}

    /// Bodies up to this size are read in one trip to the file pool and sent from one buffer.
    static let smallBodyLimit: Int64 = 64 * 1024

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/recordings/:id/stream") { request, context in try await self.stream(request, context: context) }
        group.head("/recordings/:id/stream") { request, context in try await self.stream(request, context: context) }
    }

    func stream(_ request: Request, context: ServerContext) async throws -> Response {
        let id = try RecordingsController.id(context)
        let download = Self.wantsDownload(request)
        let now = dependencies.clock.nowMillis()
        if request.method == .get, !settings.redirectToStorage, let cached = cache.entry(id, nowMillis: now) {
            do {
                return try await respond(
                    to: request, with: cached.representation(download: download), expecting: cached.identity, nowMillis: now,
                    context: context)
            } catch is CachedAnswerUnusable {
                cache.forget(id)
            }
        }
        let catalog = dependencies.catalog
        let found = try await cache.audio(of: id) { try await catalog.files(recordingId: id).first(where: { $0.role == .audio }) }
        guard let audio = found else {
            return try await proxy(request, id: id, download: download)
        }
        if settings.redirectToStorage, request.method == .get,
            let location = try dependencies.storage.temporaryURL(of: audio.relativePath, validFor: settings.redirectLifetimeSeconds)
        {
            return Response(
                status: .found,
                headers: [.location: location, .cacheControl: "private, no-store", .contentLength: "0"],
                body: ResponseBody())
        }
        let representation = AudioRepresentation(file: audio, download: download)
        return try await respond(to: request, with: representation, expecting: nil, nowMillis: now, context: context)
    }

    /// `?download=1` (or `true`, `yes`).
    static func wantsDownload(_ request: Request) -> Bool {
        guard request.uri.query != nil, let value = request.uri.queryParameters.get("download") else { return false }
        return ["1", "true", "yes"].contains(value.lowercased())
    }

    // MARK: - Archived

    /// The answer for an archived recording at `nowMillis`; with `expecting` (from a
    /// ``StreamFileCache`` entry), only if the file read for it is still that file.
    func respond(
        to request: Request, with representation: AudioRepresentation, expecting: FileIdentity?, nowMillis: Int64,
        context: ServerContext
    ) async throws -> Response {
        var headers = representation.headers
        let size = representation.size
        let honourRange: Bool
        switch ConditionalRequest.evaluate(
            method: request.method, headers: request.headers, etag: representation.etag, lastModified: representation.lastModified,
            lastModifiedIsStrong: representation.lastModifiedIsStrong(nowMillis: nowMillis))
        {
        case .notModified:
            if expecting != nil { throw CachedAnswerUnusable() }
            // RFC 9110 §8.6: a 304 may carry the Content-Length a 200 would have.
            headers[.contentLength] = String(size)
            headers[.contentType] = nil
            headers[.contentDisposition] = nil
            return Response(status: .notModified, headers: headers, body: ResponseBody())
        case .preconditionFailed:
            if expecting != nil { throw CachedAnswerUnusable() }
            throw APIError(
                .preconditionFailed, "precondition-failed", "the recording does not match If-Match or If-Unmodified-Since",
                headers: [.eTag: headers[.eTag] ?? "", .acceptRanges: "bytes"])
        case .proceed(let honour):
            honourRange = honour
        }

        let status: HTTPResponse.Status
        let segments: [BodySegment]
        switch honourRange ? ByteRangeRequest.evaluate(request.headers[.range], size: size) : .full {
        case .full:
            status = .ok
            segments = size > 0 ? [.file(ByteRange(start: 0, end: size))] : []
        case .ranges(let ranges) where ranges.count == 1:
            status = .partialContent
            headers[.contentRange] = "bytes " + ranges[0].contentRange(size: size)
            segments = [.file(ranges[0])]
        case .ranges(let ranges):
            status = .partialContent
            let multipart = MultipartByteranges(ranges: ranges, size: size, partType: representation.contentType)
            headers[.contentType] = multipart.contentType
            segments = multipart.segments
        case .unsatisfiable:
            if expecting != nil { throw CachedAnswerUnusable() }
            throw APIError(
                .rangeNotSatisfiable, "range-not-satisfiable", "no requested range is within the \(size) bytes of the recording",
                headers: [.contentRange: "bytes */\(size)", .acceptRanges: "bytes"])
        }
        let length = segments.reduce(Int64(0)) { $0 + $1.count }
        headers[.contentLength] = String(length)
        // A cached answer is only used for a GET that reads the file (see StreamFileCache).
        if expecting != nil, length == 0 { throw CachedAnswerUnusable() }
        if request.method == .head {
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        let body = try await self.body(segments, length: length, representation: representation, expecting: expecting, context: context)
        return Response(status: status, headers: headers, body: body)
    }

    /// The body for `segments` of the representation's file. A file read without `expecting` is
    /// remembered in ``cache``; with it, a different or unreadable file is ``CachedAnswerUnusable``.
    func body(
        _ segments: [BodySegment], length: Int64, representation: AudioRepresentation, expecting: FileIdentity?, context: ServerContext
    ) async throws -> ResponseBody {
        let logger = context.logger
        let key = representation.file.relativePath
        guard let path = dependencies.storage.localPath(of: key) else {
            if expecting != nil { throw CachedAnswerUnusable() }
            // One HEAD before the answer, so a missing or changed object is a 404 or 500 like a
            // local file, not a body cut short.
            let size: Int64?
            do {
                size = try await dependencies.storage.size(of: key)
            } catch let error as ArchiveError {
                throw unreadable(error, representation: representation, logger: logger)
            }
            guard let size else {
                throw unreadable(ArchiveError(.notFound, "\(key) does not exist"), representation: representation, logger: logger)
            }
            guard size == representation.size else { throw mismatch(size, representation: representation, logger: logger) }
            return remoteBody(segments, length: length, key: key)
        }
        let fileBytes = segments.reduce(Int64(0)) { total, segment in
            if case .file(let range) = segment { return total + range.count }
            return total
        }
        if fileBytes <= Self.smallBodyLimit {
            let ranges = segments.compactMap { segment -> ByteRange? in
                if case .file(let range) = segment { return range }
                return nil
            }
            let read: (identity: FileIdentity, buffers: [ByteBuffer])
            do {
                read = try await LocalAudioFile.read(path: path, ranges: ranges)
            } catch let error as LocalAudioFileError {
                if expecting != nil { throw CachedAnswerUnusable() }
                throw unreadable(error, representation: representation, logger: logger)
            }
            try check(read.identity, of: representation, expecting: expecting, logger: logger)
            StreamMetrics.archived(fileBytes)
            // One range (what players ask for): its buffer is the body, without a copy.
            if segments.count == 1, read.buffers.count == 1 { return ResponseBody(byteBuffer: read.buffers[0]) }
            var buffers = read.buffers.makeIterator()
            var out = ByteBufferAllocator().buffer(capacity: Int(length))
            for segment in segments {
                switch segment {
                case .bytes(var bytes): out.writeBuffer(&bytes)
                case .file:
                    guard var buffer = buffers.next() else { continue }
                    out.writeBuffer(&buffer)
                }
            }
            return ResponseBody(byteBuffer: out)
        }
        let file: LocalAudioFile
        do {
            file = try await LocalAudioFile.open(path: path)
        } catch let error as LocalAudioFileError {
            if expecting != nil { throw CachedAnswerUnusable() }
            throw unreadable(error, representation: representation, logger: logger)
        }
        do {
            try check(file.identity, of: representation, expecting: expecting, logger: logger)
        } catch {
            file.close()
            throw error
        }
        let eventLoop = context.eventLoop
        return ResponseBody(contentLength: Int(length)) { writer in
            defer { file.close() }
            var pacer = StreamPacer(eventLoop: eventLoop)
            for segment in segments {
                switch segment {
                case .bytes(let bytes):
                    try await writer.write(bytes)
                case .file(var range):
                    while range.count > 0 {
                        let buffer = try await file.read(range)
                        let count = buffer.readableBytes
                        range.start += Int64(count)
                        try await writer.write(buffer)
                        StreamMetrics.archived(Int64(count))
                        try await pacer.handedOver(count)
                    }
                }
            }
            try await writer.finish(nil)
        }
    }

    /// Checks the file just opened against the entry it was read for, or, read for the catalog's
    /// answer, against the catalog's size (and then remembers it).
    private func check(_ identity: FileIdentity, of representation: AudioRepresentation, expecting: FileIdentity?, logger: Logger) throws {
        if let expecting {
            guard identity == expecting else { throw CachedAnswerUnusable() }
            return
        }
        guard identity.size == representation.size else { throw mismatch(identity.size, representation: representation, logger: logger) }
        cache.remember(representation.file, identity: identity, nowMillis: dependencies.clock.nowMillis())
    }

    /// The body for a store that is not on this machine: its reads relayed with back-pressure.
    func remoteBody(_ segments: [BodySegment], length: Int64, key: String) -> ResponseBody {
        let storage = dependencies.storage
        return ResponseBody(contentLength: Int(length)) { writer in
            for segment in segments {
                switch segment {
                case .bytes(let bytes):
                    try await writer.write(bytes)
                case .file(let range):
                    let relay = BodyRelay()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            do {
                                try await storage.read(key: key, range: range.start...(range.end - 1)) { chunk in
                                    try await relay.send(ByteBuffer(bytes: chunk))
                                }
                                relay.finish()
                            } catch {
                                relay.finish(throwing: error)
                            }
                        }
                        do {
                            while let buffer = try await relay.next() {
                                let count = buffer.readableBytes
                                try await writer.write(buffer)
                                StreamMetrics.archived(Int64(count))
                            }
                        } catch {
                            relay.cancel()
                            throw error
                        }
                        try await group.waitForAll()
                    }
                }
            }
            try await writer.finish(nil)
        }
    }

    private func unreadable(_ error: LocalAudioFileError, representation: AudioRepresentation, logger: Logger) -> APIError {
        let id = representation.file.recordingId
        logger.error("archived audio cannot be read", metadata: ["recording": "\(id)", "key": "\(representation.file.relativePath)", "error": "\(error)"])
        if error.isMissing {
            return APIError(.notFound, "file-missing", "the archived audio of recording \(id) is missing; run callvault verify")
        }
        return APIError(.internalServerError, "unreadable", "the archived audio of recording \(id) cannot be read")
    }

    private func unreadable(_ error: ArchiveError, representation: AudioRepresentation, logger: Logger) -> APIError {
        let id = representation.file.recordingId
        logger.error(
            "archived audio cannot be read", metadata: ["recording": "\(id)", "key": "\(representation.file.relativePath)", "error": "\(error)"])
        if error.code == .notFound {
            return APIError(.notFound, "file-missing", "the archived audio of recording \(id) is missing; run callvault verify")
        }
        return APIError(.serviceUnavailable, "storage-unavailable", "the archived audio of recording \(id) cannot be read from the storage now")
    }

    private func mismatch(_ actual: Int64, representation: AudioRepresentation, logger: Logger) -> APIError {
        let id = representation.file.recordingId
        logger.error(
            "archived audio does not match the catalog",
            metadata: ["recording": "\(id)", "key": "\(representation.file.relativePath)", "bytes": "\(actual)", "catalog": "\(representation.size)"])
        return APIError(.internalServerError, "damaged", "the archived audio of recording \(id) does not match the catalog; run callvault verify")
    }

    // MARK: - Not archived yet

    /// Proxies a known recording that is not archived from RingCentral.
    func proxy(_ request: Request, id: String, download: Bool) async throws -> Response {
        guard let recording = try await dependencies.catalog.recording(id) else {
            throw APIError.notFound("no recording \(id)")
        }
        guard let pipeline = dependencies.pipeline else {
            throw APIError(
                .notFound, "not-archived", "recording \(id) is not archived yet and RingCentral is not configured to stream it")
        }
        let proxy = RecordingProxy(client: pipeline.client, queue: dependencies.queue, clock: dependencies.clock, logger: dependencies.logger)
        return try await proxy.respond(to: request, recording: recording, download: download)
    }
}
