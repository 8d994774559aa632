import CCurl
import Essentials

extension HTTPClient {
    /// The most body bytes waiting between the transfer thread and the consumer of ``stream(_:into:)``.
    static let streamQueueLimit = 1 << 20

    /// Sends `request` and hands the body of a 2xx response to `sink` as it arrives.
    ///
    /// The body never sits in memory whole: at most about 1 MiB waits between libcurl and
    /// `sink`, and a slow sink slows the transfer down (TCP back-pressure). `sink` runs in the
    /// calling task, one chunk at a time, in order; the buffer it gets is valid only during the
    /// call. The body of a non-2xx response is not streamed: up to
    /// ``HTTPRequest/maximumResponseBodySize`` (or 64 KiB) of it is returned in
    /// ``HTTPResponse/body`` for its error document.
    ///
    /// - Parameters:
    ///   - request: The request; its timeouts apply.
    ///   - sink: Receives the 2xx body. Throwing aborts the transfer and the error is rethrown.
    /// - Returns: Status and headers (and, for a non-2xx status, the start of the body).
    /// - Throws: ``TransferError`` for transport failures, what `sink` throws, or
    ///   `CancellationError` when the task was cancelled.
    public func stream(
        _ request: HTTPRequest,
        into sink: (UnsafeRawBufferPointer) async throws -> Void
    ) async throws -> HTTPResponse {
        try await stream(request, head: { _, _ in }, into: sink)
    }

    /// Sends `request`, tells `head` the status and header fields of a 2xx response before its
    /// first body byte, and hands the body to `sink` as it arrives (see ``stream(_:into:)``).
    ///
    /// A proxy needs the head before the body: it answers its own client with them.
    ///
    /// - Parameters:
    ///   - request: The request; its timeouts apply.
    ///   - head: Called once, in the calling task, with the status and header fields of a 2xx
    ///     response: before the first body byte, or before returning when the body is empty (a
    ///     `HEAD` request). Not called for other statuses. Throwing aborts the transfer.
    ///   - sink: Receives the 2xx body. Throwing aborts the transfer and the error is rethrown.
    /// - Returns: Status and headers (and, for a non-2xx status, the start of the body).
    /// - Throws: ``TransferError`` for transport failures, what `head` or `sink` throw, or
    ///   `CancellationError` when the task was cancelled.
    public func stream(
        _ request: HTTPRequest,
        head: (Int, HTTPHeaders) async throws -> Void,
        into sink: (UnsafeRawBufferPointer) async throws -> Void
    ) async throws -> HTTPResponse {
        let channel = ChunkChannel(limit: Self.streamQueueLimit)
        let firstHead = StreamHead()
        let configuration = self.configuration
        let handles = self.handles
        let errorLimit = request.maximumResponseBodySize ?? 64 * 1024
        return try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            group.addTask {
                defer { channel.finish() }
                return try await self.runOnTransferThread(request) { cancellation throws in
                    let handle = try handles.checkout()
                    defer { handles.checkin(handle) }
                    let sink = StreamSink(channel: channel, errorBodyLimit: errorLimit, firstHead: firstHead)
                    let context = TransferContext(sink: sink, cancellation: cancellation)
                    try handle.prepare(request, configuration: configuration, context: context, purpose: .stream)
                    let code = withExtendedLifetime(context) { handle.perform() }
                    if code != CURLE_OK {
                        if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled { throw CancellationError() }
                        if let uploadError = context.upload?.error {
                            throw TransferError(code: uploadError.code, message: uploadError.message, url: request.url, cause: uploadError.cause)
                        }
                        if code == CURLE_WRITE_ERROR && sink.consumerStopped { throw CancellationError() }
                        throw handle.error(for: code, url: request.url)
                    }
                    return HTTPResponse(
                        status: handle.responseCode,
                        headers: context.head.headers,
                        body: sink.errorBody,
                        effectiveURL: handle.effectiveURL,
                        httpVersion: handle.httpVersion,
                        connectionReused: handle.reusedConnection
                    )
                }
            }
            var headDelivered = false
            do {
                while let chunk = await channel.next() {
                    defer { chunk.bytes.deallocate() }
                    if !headDelivered, let first = firstHead.value {
                        // Recorded by the transfer thread before it queued this chunk.
                        headDelivered = true
                        try await head(first.status, first.headers)
                    }
                    try await sink(UnsafeRawBufferPointer(chunk.bytes))
                }
            } catch {
                channel.stop()
                _ = try? await group.next()
                throw error
            }
            guard let response = try await group.next() else { throw CancellationError() }
            if !headDelivered, response.isSuccess {
                try await head(response.status, response.headers)
            }
            return response
        }
    }
}
