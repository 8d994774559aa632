import Archive
import Essentials
import Foundation
import Hummingbird
import JobQueue
import Logging
import NIOCore
import RingCentral
import Transfer

/// Serves a recording that is not archived yet from RingCentral's media host: its `contentUri`
/// exactly as stored, the player's `Range` passed through, RingCentral's `200`/`206`/`416` and
/// body passed back.
///
/// Each request spends one Heavy token of the shared budget (RingCentral allows about ten a
/// minute) with a non-blocking try: without one the player gets 503 with `Retry-After`, never a
/// wait and never RingCentral's 429, which would pause the whole Heavy group. RingCentral's
/// errors become JSON errors that say what happened without its URLs or tokens.
struct RecordingProxy: Sendable {
    let client: RingCentralClient
    let queue: JobQueue
    let clock: any TimeSource
    let logger: Logger

    /// The answer for `recording`.
    func respond(to request: Request, recording: RecordingEntry, download: Bool) async throws -> Response {
        let now = clock.nowMillis()
        if let retryAt = try await queue.store.tryAcquire(RateLimitGroup.heavy.key, count: 1, now: now) {
            throw Self.busy(until: retryAt, now: now, why: "the RingCentral request budget is spent")
        }
        let relay = BodyRelay()
        let (heads, headContinuation) = AsyncThrowingStream.makeStream(of: RecordingStreamHead.self)
        let client = self.client
        let contentUri = recording.contentUri
        let range = request.headers[.range]
        let method: Transfer.HTTPMethod = request.method == .head ? .head : .get
        // The transfer outlives this function: the head is answered first, the body written
        // later by Hummingbird. `Upstream` cancels it when the response is dropped or written.
        let task = Task {
            do {
                try await client.streamRecording(
                    contentUri: contentUri, range: range, method: method, budget: .prepaid,
                    head: { head in
                        headContinuation.yield(head)
                        headContinuation.finish()
                    },
                    body: { bytes in try await relay.send(ByteBuffer(bytes: bytes)) })
                headContinuation.finish()
                relay.finish()
            } catch {
                headContinuation.finish(throwing: error)
                relay.finish(throwing: error)
            }
        }
        let upstream = Upstream(task: task, relay: relay)
        let head: RecordingStreamHead
        do {
            var iterator = heads.makeAsyncIterator()
            guard let first = try await iterator.next() else {
                upstream.cancel()
                throw CancellationError()
            }
            head = first
        } catch let error as RingCentralError {
            upstream.cancel()
            throw apiError(error, recordingId: recording.id)
        } catch {
            upstream.cancel()
            throw error
        }
        if head.status == 416 {
            upstream.cancel()
            var headers: HTTPFields = [.acceptRanges: "bytes"]
            headers[.contentRange] = head.contentRange
            throw APIError(
                .rangeNotSatisfiable, "range-not-satisfiable", "no requested range is within recording \(recording.id)", headers: headers)
        }
        let contentType = Self.contentType(head.contentType)
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.contentType] = contentType
        headers[.contentDisposition] = AudioRepresentation.disposition(
            fileName: "recording_\(recording.id).\(contentType == "audio/wav" ? "wav" : "mp3")", download: download)
        // Not archived yet: the bytes may change once it is (normalized), so nothing is cached.
        headers[.cacheControl] = "no-store"
        headers[AudioRepresentation.contentTypeOptions] = "nosniff"
        if let contentRange = head.contentRange { headers[.contentRange] = contentRange }
        if let length = head.contentLength { headers[.contentLength] = String(length) }
        let status: HTTPResponse.Status = head.status == 206 ? .partialContent : .ok
        if request.method == .head {
            upstream.cancel()
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        let body = ResponseBody(contentLength: head.contentLength.map(Int.init)) { writer in
            do {
                while let buffer = try await upstream.relay.next() {
                    let count = buffer.readableBytes
                    try await writer.write(buffer)
                    StreamMetrics.proxied(Int64(count))
                }
                upstream.cancel()
            } catch {
                upstream.cancel()
                throw error
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// The media type to answer with for RingCentral's `Content-Type`.
    static func contentType(_ upstream: String?) -> String {
        let type = upstream?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/wav": return "audio/wav"
        case "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/mpeg": return "audio/mpeg"
        case "": return "application/octet-stream"
        default: return type
        }
    }

    /// 503 with `Retry-After` in whole seconds (at least one).
    static func busy(until retryAt: Int64, now: Int64, why: String) -> APIError {
        let seconds = max(1, (retryAt - now + 999) / 1000)
        return APIError(
            .serviceUnavailable, "upstream-busy", "\(why); the recording is not archived yet, try again in \(seconds) s",
            headers: [.retryAfter: String(seconds)])
    }

    /// The API's answer for a RingCentral failure (the details go to the log, not to the player).
    func apiError(_ error: RingCentralError, recordingId id: String) -> APIError {
        logger.warning(
            "proxying a recording from RingCentral failed",
            metadata: ["recording": "\(id)", "code": "\(error.code)", "status": "\(error.status.map(String.init) ?? "-")"])
        switch error.code {
        case .rateLimited:
            return Self.busy(until: error.retryAtMillis ?? clock.nowMillis() + 60_000, now: clock.nowMillis(), why: "RingCentral is rate limiting")
        case .notFound:
            return APIError(.notFound, "not-found", "RingCentral no longer has recording \(id) and it was never archived")
        case .forbidden:
            return APIError(.badGateway, "upstream-forbidden", "RingCentral refused access to recording \(id) (permission or licence)")
        case .authentication:
            return APIError(.badGateway, "upstream-authentication", "RingCentral refused callvault's credentials")
        case .notAudio:
            return APIError(.badGateway, "upstream-not-audio", "RingCentral answered with something other than audio for recording \(id)")
        case .transport:
            return APIError(.badGateway, "upstream-unreachable", "RingCentral's media host could not be reached")
        case .serverError:
            var headers = HTTPFields()
            if let retryAt = error.retryAtMillis { headers[.retryAfter] = String(max(1, (retryAt - clock.nowMillis() + 999) / 1000)) }
            return APIError(.badGateway, "upstream-error", "RingCentral failed to serve recording \(id)", headers: headers)
        default:
            return APIError(.badGateway, "upstream-error", "RingCentral could not serve recording \(id)")
        }
    }
}

extension RecordingProxy {
    /// The transfer behind a proxied response: cancelled when the body is written, abandoned, or
    /// the response is dropped before it was written (the last reference goes away).
    final class Upstream: Sendable {
        let task: Task<Void, Never>
        let relay: BodyRelay

        init(task: Task<Void, Never>, relay: BodyRelay) {
            self.task = task
            self.relay = relay
        }

        deinit { cancel() }

        /// Stops the transfer (idempotent).
        func cancel() {
            relay.cancel()
            task.cancel()
        }
    }
}
