import Essentials
import Foundation
import Logging
import Transfer

extension RingCentralClient {
    /// Recording metadata (Heavy).
    public func recordingMetadata(_ id: String, budget: RequestBudget = .acquire) async throws -> RecordingMetadata {
        let response = try await send(.get, "/restapi/v1.0/account/~/recording/\(id)", group: .heavy, budget: budget)
        return try decode(RecordingMetadata.self, response, what: "recording \(id)")
    }

    /// Downloads a recording's content (Heavy) from `contentUri` exactly as returned, streaming to
    /// `path` and resuming a partial file left by an earlier attempt.
    ///
    /// Before the body is accepted its `Content-Type` and magic bytes are checked: a JSON body with
    /// `CMN-301` is a rate limit (the Heavy group pauses; the error is `.rateLimited`), and an HTML
    /// or other body is `.notAudio` with its text in the message. A rejected body is deleted.
    public func downloadRecording(contentUri: String, to path: String, budget: RequestBudget = .acquire) async throws
        -> RecordingDownload
    {
        var budget = budget
        var retriedAuth = false
        while true {
            let token = try await tokens.accessToken()
            try await spend(.heavy, budget)
            budget = .acquire
            let request = HTTPRequest.get(contentUri, headers: ["Authorization": "Bearer \(token)"])
            let result: DownloadResult
            do {
                result = try await http.download(request, to: path, resume: true)
            } catch let error as TransferError {
                throw RingCentralError(.transport, "download of \(Self.describe(contentUri)) failed: \(error.message)")
            }
            try await observe(result.headers, status: result.status, group: .heavy)
            if result.status == 401, !retriedAuth, APIErrorBody.parse(result.errorBody)?.isTokenProblem ?? true {
                retriedAuth = true
                await tokens.invalidate(token)
                continue
            }
            guard result.isSuccess else {
                throw error(status: result.status, body: result.errorBody, headers: result.headers, group: .heavy, what: "recording content")
            }
            return try await accept(result, path: path, contentUri: contentUri)
        }
    }

    private func accept(_ result: DownloadResult, path: String, contentUri: String) async throws -> RecordingDownload {
        let contentType = result.headers["Content-Type"]
        let format: String
        switch try Self.sniff(path) {
        case .audioCandidate(let kind) where kind == "mp3" || kind == "wav":
            format = kind
        case .audioCandidate(let kind):
            unlink(path)
            throw RingCentralError(.notAudio, "expected MP3 or WAV, got \(kind) audio labelled \(contentType ?? "nothing")", status: result.status)
        case .notAudio(let content) where content.kind == .json:
            let text = content.textPreview ?? ""
            unlink(path)
            if content.isRateLimitBody {
                let until = try await pauseForRateLimit(result.headers, charged: .heavy)
                logger.warning("rate-limit body with HTTP \(result.status) on media; pausing the heavy group")
                throw RingCentralError(
                    .rateLimited, "the media host answered \(result.status) with a rate-limit body (\(content.errorCode ?? "CMN-301"))",
                    status: result.status, errorCode: content.errorCode ?? "CMN-301", retryAtMillis: until
                )
            }
            throw RingCentralError(.notAudio, "expected audio, got JSON (\(contentType ?? "no Content-Type")): \(text)", status: result.status)
        case .notAudio(let content):
            unlink(path)
            throw RingCentralError(.notAudio, "expected audio labelled \(contentType ?? "nothing"), got \(content.message)", status: result.status)
        }
        if let contentType, !(contentType.hasPrefix("audio/") || contentType.hasPrefix("application/octet-stream")) {
            logger.warning("audio bytes under an unexpected Content-Type", metadata: ["content_type": "\(contentType)"])
        }
        return RecordingDownload(
            path: path, format: format, contentType: contentType, bytes: result.fileSize, sha256: result.sha256 ?? "",
            expectedBytes: result.expectedSize ?? result.contentLength, resumedFrom: result.resumedFrom
        )
    }

    /// Classifies the first bytes of a downloaded file.
    static func sniff(_ path: String) throws -> ContentSniffer.Verdict {
        guard let verdict = ContentSniffer.sniff(fileAt: path) else {
            throw RingCentralError(.transport, "the downloaded file \(path) cannot be read")
        }
        return verdict
    }
}
