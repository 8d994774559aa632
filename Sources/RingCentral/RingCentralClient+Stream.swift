import Essentials
import Logging
public import Transfer

extension RingCentralClient {
    /// The largest JSON body of a 2xx answer examined for a rate-limit error code.
    static let streamedErrorBodyLimit = 64 * 1024

    /// Streams a recording's content (Heavy) from `contentUri`, used exactly as RingCentral
    /// returned it, passing the player's `Range` through: for a proxy that serves a recording
    /// before it is archived.
    ///
    /// `head` hears the status and header fields before the first body byte: `200` or `206`
    /// (then the body follows in order through `body`, with bounded memory: a slow `body` slows the
    /// transfer), or `416` for a range beyond the recording (no body follows). Every other answer
    /// is a ``RingCentralError``: a 429 (or a 2xx whose body is a `CMN-301` JSON error) pauses the
    /// Heavy group for everyone and is `.rateLimited` with ``RingCentralError/retryAtMillis``; a
    /// JSON or HTML body under a 2xx is `.notAudio`. A request refused for its access token is
    /// sent once more with a new token on the same grant.
    ///
    /// - Parameters:
    ///   - contentUri: The recording's `contentUri` as stored.
    ///   - range: The `Range` header to send (`bytes=N-`, …), or `nil`.
    ///   - method: `GET`, or `HEAD` for the head alone (RingCentral counts both as Heavy).
    ///   - budget: `.prepaid` when the caller spent the Heavy token itself (the group's pause is
    ///     still checked); `.acquire` waits for one.
    ///   - head: Told the answer before the body; throwing aborts the transfer.
    ///   - body: Receives the body in order; the buffer is valid only during the call; throwing
    ///     aborts the transfer.
    /// - Throws: ``RingCentralError`` (`.rateLimited`, `.notFound`, `.forbidden`,
    ///   `.authentication`, `.serverError`, `.transport`, `.notAudio`, `.badRequest`), what `head`
    ///   or `body` throw, or `CancellationError`.
    public func streamRecording(
        contentUri: String, range: String?, method: HTTPMethod = .get, budget: RequestBudget = .acquire,
        head: (RecordingStreamHead) async throws -> Void,
        body: (UnsafeRawBufferPointer) async throws -> Void
    ) async throws {
        var retriedAuth = false
        while true {
            let token = try await tokens.accessToken()
            try await spend(.heavy, budget)
            var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            if let range { headers["Range"] = range }
            var request = HTTPRequest(method: method, url: contentUri, headers: headers)
            request.maximumResponseBodySize = Self.streamedErrorBodyLimit
            // The head is passed on with the first body bytes, once they were seen to be audio: a
            // document under a 2xx (a JSON error or rate limit, an HTML page labelled as audio) is
            // kept, bounded, to be examined, and never passed on.
            var pendingHead: RecordingStreamHead?
            var headDelivered = false
            var document: [UInt8]?
            let response: HTTPResponse
            do {
                response = try await http.stream(
                    request,
                    head: { status, fields in
                        let answer = RecordingStreamHead(status: status, headers: fields)
                        if answer.isDocument { document = [] } else { pendingHead = answer }
                    },
                    into: { bytes in
                        if document == nil, !headDelivered, let answer = pendingHead {
                            if Self.isDocument(bytes, answer: answer) {
                                document = []
                            } else {
                                headDelivered = true
                                try await head(answer)
                            }
                        }
                        if var collected = document {
                            collected.append(contentsOf: bytes.prefix(Self.streamedErrorBodyLimit - collected.count))
                            document = collected
                        } else {
                            try await body(bytes)
                        }
                    })
            } catch let error as TransferError {
                throw RingCentralError(.transport, "recording content from \(Self.describe(contentUri)) failed: \(error.message)")
            }
            try await observe(response.headers, status: response.status, group: .heavy)
            if response.status == 401, !retriedAuth, APIErrorBody.parse(response.body)?.isTokenProblem ?? true {
                retriedAuth = true
                await tokens.invalidate(token)
                logger.info("access token refused by the media host; authenticating again once")
                continue
            }
            if response.status == 416 {
                try await head(RecordingStreamHead(status: 416, headers: response.headers))
                return
            }
            guard response.isSuccess else {
                throw error(status: response.status, body: response.body, headers: response.headers, group: .heavy, what: "recording content")
            }
            if let document {
                let parsed = APIErrorBody.parse(document)
                if let parsed, parsed.isRateLimit {
                    let until = try await pauseForRateLimit(response.headers, charged: .heavy)
                    throw RingCentralError(
                        .rateLimited, "the media host answered \(response.status) with a rate-limit body",
                        status: response.status, errorCode: parsed.primaryCode ?? "CMN-301", retryAtMillis: until)
                }
                let what = parsed.map { "JSON (\($0.text))" } ?? (response.headers["Content-Type"] ?? "a document")
                throw RingCentralError(
                    .notAudio, "the media host answered \(response.status) with \(what) instead of audio",
                    status: response.status, errorCode: parsed?.primaryCode)
            }
            if !headDelivered, let answer = pendingHead {
                // A body-less answer (HEAD, or an empty body).
                try await head(answer)
            }
            return
        }
    }

    /// Whether the first body bytes of a 2xx are a document rather than audio: JSON, HTML or XML
    /// anywhere; at the start of the recording, anything recognisable (text, empty) that is not
    /// audio.
    static func isDocument(_ bytes: UnsafeRawBufferPointer, answer: RecordingStreamHead) -> Bool {
        let first = Array(bytes.prefix(ContentSniffer.sniffLength))
        guard case .notAudio(let content) = ContentSniffer.sniff(head: first, byteCount: answer.contentLength ?? Int64(first.count)) else {
            return false
        }
        if [.json, .html, .xml].contains(content.kind) { return true }
        // A player's two-byte probe tells nothing: only a start long enough to recognise counts.
        let fromStart = answer.status == 200 || (answer.contentRange?.hasPrefix("bytes 0-") ?? false)
        return fromStart && first.count >= 64 && content.kind != .binary
    }
}
