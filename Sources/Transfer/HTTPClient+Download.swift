import Essentials
import CCurl
import NIOPosix

extension HTTPClient {
    /// The blocking body of ``download(_:to:resume:progress:)``; runs on a transfer thread.
    static func performDownload(
        _ request: HTTPRequest,
        to path: String,
        resume: Bool,
        progress: (@Sendable (DownloadProgress) -> Void)?,
        handle: EasyHandle,
        hashPool: NIOThreadPool,
        configuration: Configuration,
        cancellation: CancellationFlag
    ) throws -> DownloadResult {
        var allowResume = resume
        // At most two rounds: a resume attempt, then one restart from zero.
        for attempt in 0..<2 {
            let sink = try DownloadSink(path: path, resume: allowResume, hashPool: hashPool, progress: progress)
            let context = TransferContext(sink: sink, cancellation: cancellation)
            let purpose = EasyHandle.Purpose.download(rangeStart: sink.resumeOffset)
            try handle.prepare(request, configuration: configuration, context: context, purpose: purpose)
            let code = withExtendedLifetime(context) { handle.perform() }
            let head = context.head

            if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled { throw CancellationError() }
            if code == CURLE_WRITE_ERROR && sink.mode == .restartRequired && sink.writeError == nil {
                guard attempt == 0 else {
                    throw TransferError(
                        code: .rangeNotSatisfied,
                        message: "the server sent a 206 whose Content-Range does not start at \(sink.resumeOffset)",
                        url: request.url
                    )
                }
                // A 206 that does not continue our file: start over without a range.
                try sink.truncateAll()
                allowResume = false
                continue
            }
            if code == CURLE_WRITE_ERROR, let writeError = sink.writeError {
                throw TransferError(code: .fileSystem, message: "cannot write \(path)", url: request.url, cause: writeError)
            }
            if code != CURLE_OK { throw handle.error(for: code, url: request.url) }

            let status = handle.responseCode
            let contentLength = head.headers["Content-Length"].flatMap { Int64($0.trimmingSpaces()) }

            if status == 416 && sink.resumeOffset > 0 {
                let total = head.headers["Content-Range"].flatMap(ContentRange.init)?.total
                if total == sink.resumeOffset {
                    let digest = try sink.hexDigest()
                    progress?(DownloadProgress(bytesOnDisk: sink.fileSize, expectedSize: total))
                    return DownloadResult(
                        status: status, headers: head.headers, bytesWritten: 0, fileSize: sink.fileSize,
                        resumedFrom: sink.resumeOffset, restarted: false, sha256: digest, contentLength: contentLength,
                        expectedSize: total, isComplete: true, errorBody: sink.errorBody, effectiveURL: handle.effectiveURL
                    )
                }
                if attempt == 0 {
                    // The file does not match the resource (larger, or unknown total): start over.
                    try sink.truncateAll()
                    allowResume = false
                    continue
                }
            }

            guard (200..<300).contains(status) else {
                sink.removeIfCreatedAndEmpty()
                return DownloadResult(
                    status: status, headers: head.headers, bytesWritten: 0, fileSize: sink.fileSize,
                    resumedFrom: sink.resumeOffset, restarted: false, sha256: nil, contentLength: contentLength,
                    expectedSize: nil, isComplete: false, errorBody: sink.errorBody, effectiveURL: handle.effectiveURL
                )
            }
            sink.decide(head)
            if sink.mode == .restartRequired {
                throw TransferError(
                    code: .rangeNotSatisfied,
                    message: "the server answered a range request with a Content-Range that does not continue the file",
                    url: request.url
                )
            }
            let digest = try sink.finish(head: head, sync: configuration.syncDownloadsToDisk)
            let expected = sink.expectedSize
            if let expected, expected != sink.fileSize, request.method != .head {
                throw TransferError(
                    code: .sizeMismatch,
                    message: "downloaded file has \(sink.fileSize) bytes but the server announced \(expected)",
                    url: request.url
                )
            }
            return DownloadResult(
                status: status, headers: head.headers, bytesWritten: sink.bytesWritten, fileSize: sink.fileSize,
                resumedFrom: sink.restarted ? 0 : sink.resumeOffset, restarted: sink.restarted || attempt > 0,
                sha256: digest, contentLength: contentLength, expectedSize: expected,
                isComplete: expected.map { $0 == sink.fileSize } ?? true,
                errorBody: [], effectiveURL: handle.effectiveURL
            )
        }
        throw TransferError(code: .rangeNotSatisfied, message: "the download could not be resumed or restarted", url: request.url)
    }
}
