import Essentials
import CCurl
import Logging
import NIOPosix
import Synchronization

/// An async HTTP client built on libcurl.
///
/// Each transfer runs `curl_easy_perform` on one of the client's own transfer threads
/// (a dedicated `NIOThreadPool`), never on the Swift cooperative pool; the calling task
/// just awaits. Cancelling the task aborts the transfer within about a second (libcurl's
/// progress callback sees the cancellation) and the call throws `CancellationError`.
///
/// Easy handles are pooled and reused, so connections are kept alive across requests;
/// HTTP/2 is used when an HTTPS server offers it. TLS verification is always on.
///
/// HTTP error statuses are responses, not errors: ``send(_:)`` and
/// ``download(_:to:resume:progress:)`` only throw ``TransferError`` for transport and local
/// failures (and `CancellationError`).
///
/// Shut the client down with ``shutdown()`` when done, or use ``withHTTPClient(configuration:_:)``:
///
/// ```swift
/// try await HTTPClient.withHTTPClient { client in
///     let response = try await client.send(.get("https://example.com/api", headers: ["Accept": "application/json"]))
///     try response.requireSuccess()
///     let result = try await client.download(.get(mediaURL), to: "/tmp/rec.part", resume: true)
///     print(result.sha256 ?? "-")
/// }
/// ```
public final class HTTPClient: Sendable {
    /// The client's settings.
    public let configuration: Configuration
    private let threadPool: NIOThreadPool
    /// Threads that hash download bodies alongside the transfer threads (one per transfer).
    private let hashPool: NIOThreadPool
    let handles: EasyHandlePool
    private let state = Mutex<State>(.running)

    private enum State { case running, shutDown }

    /// Creates a client and starts its transfer threads.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let threads = max(1, configuration.maximumConcurrentTransfers)
        threadPool = NIOThreadPool(numberOfThreads: threads)
        threadPool.start()
        hashPool = NIOThreadPool(numberOfThreads: threads)
        hashPool.start()
        handles = EasyHandlePool(capacity: threads)
    }

    /// A client dropped without ``shutdown()`` still stops its threads (without waiting).
    deinit {
        let wasRunning = state.withLock { $0 == .running }
        if wasRunning {
            threadPool.shutdownGracefully { _ in }
            hashPool.shutdownGracefully { _ in }
        }
    }

    /// Runs `body` with a new client and shuts the client down afterwards, even when
    /// `body` throws.
    public static func withHTTPClient<Result: Sendable>(
        configuration: Configuration = Configuration(),
        _ body: (HTTPClient) async throws -> Result
    ) async throws -> Result {
        let client = HTTPClient(configuration: configuration)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Stops the transfer threads after the transfers already running finish, and closes
    /// kept-alive connections. Later calls fail with ``TransferError/Code/clientShutdown``.
    public func shutdown() async throws {
        let wasRunning = state.withLock { state in
            defer { state = .shutDown }
            return state == .running
        }
        guard wasRunning else { return }
        try await threadPool.shutdownGracefully()
        try await hashPool.shutdownGracefully()
        handles.removeAll()
    }

    // MARK: - Requests

    /// Sends `request` and returns the whole response, whatever its status.
    ///
    /// The body is collected in memory up to ``HTTPRequest/maximumResponseBodySize`` (or the
    /// configured ``Configuration/maximumResponseBodySize``).
    ///
    /// - Parameter request: The request to send.
    /// - Returns: The final response after any redirects.
    /// - Throws: ``TransferError`` when no response could be received (connection, TLS,
    ///   timeouts, too many redirects, body too large), `CancellationError` when the task
    ///   was cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let configuration = self.configuration
        let handles = self.handles
        let limit = request.maximumResponseBodySize ?? configuration.maximumResponseBodySize
        let response = try await runOnTransferThread(request) { cancellation throws in
            let handle = try handles.checkout()
            defer { handles.checkin(handle) }
            let sink = MemorySink(limit: limit)
            let context = TransferContext(sink: sink, cancellation: cancellation)
            try handle.prepare(request, configuration: configuration, context: context, purpose: .memory(limit: limit))
            let code = withExtendedLifetime(context) { handle.perform() }
            if code != CURLE_OK {
                if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled { throw CancellationError() }
                if let uploadError = context.upload?.error {
                    throw TransferError(code: uploadError.code, message: uploadError.message, url: request.url, cause: uploadError.cause)
                }
                if sink.exceeded || code == CURLE_FILESIZE_EXCEEDED {
                    throw TransferError(
                        code: .responseTooLarge,
                        message: "response body exceeds the limit of \(limit) bytes",
                        curlCode: Int(code.rawValue),
                        url: request.url
                    )
                }
                throw handle.error(for: code, url: request.url)
            }
            return HTTPResponse(
                status: handle.responseCode,
                headers: context.head.headers,
                body: sink.bytes,
                effectiveURL: handle.effectiveURL,
                httpVersion: handle.httpVersion,
                connectionReused: handle.reusedConnection
            )
        }
        configuration.logger.debug(
            "HTTP request finished",
            metadata: [
                "transfer.method": "\(request.method)", "transfer.url": "\(Redaction.redactURL(request.url))",
                "transfer.status": "\(response.status)", "transfer.bytes": "\(response.body.count)",
            ]
        )
        return response
    }

    /// Downloads the response body of `request` straight into the file at `path`,
    /// computing its SHA-256 on the way; memory use does not depend on the body's size.
    ///
    /// With `resume` and a non-empty file at `path`, the request carries
    /// `Range: bytes=N-` (N = the file's size) and the existing bytes are hashed first:
    /// - a `206` whose `Content-Range` starts at N is appended;
    /// - a `200` replaces the file (the server ignored the range);
    /// - a `206` starting elsewhere makes the client empty the file and ask again without
    ///   a range;
    /// - a `416` whose `Content-Range: bytes */total` equals N means the file was already
    ///   complete (``DownloadResult/isComplete``); otherwise the download restarts from zero.
    ///
    /// Without `resume` a 2xx answer replaces any existing content. A non-2xx answer never
    /// touches an existing file (and a file created for it is removed again); the status is
    /// returned with a bounded ``DownloadResult/errorBody``.
    /// After a transport failure or cancellation the bytes received so far stay in the file,
    /// ready for a later resume.
    ///
    /// - Parameters:
    ///   - request: Usually a `GET`; its timeouts apply.
    ///   - path: The destination file; created with mode 0600 when missing.
    ///   - resume: Whether to continue a partial file found at `path`.
    ///   - progress: Called on the transfer thread as bytes arrive (throttled); keep it quick.
    /// - Returns: What was downloaded, with the SHA-256 of the whole file.
    /// - Throws: ``TransferError`` (transport, file system, size mismatch),
    ///   `CancellationError` when the task was cancelled.
    public func download(
        _ request: HTTPRequest,
        to path: String,
        resume: Bool = true,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) async throws -> DownloadResult {
        let configuration = self.configuration
        let handles = self.handles
        let hashPool = self.hashPool
        let result = try await runOnTransferThread(request) { cancellation throws in
            let handle = try handles.checkout()
            defer { handles.checkin(handle) }
            return try Self.performDownload(
                request, to: path, resume: resume, progress: progress,
                handle: handle, hashPool: hashPool, configuration: configuration, cancellation: cancellation
            )
        }
        configuration.logger.debug(
            "HTTP download finished",
            metadata: [
                "transfer.url": "\(Redaction.redactURL(request.url))", "transfer.status": "\(result.status)",
                "transfer.bytes": "\(result.bytesWritten)", "transfer.resumedFrom": "\(result.resumedFrom)",
                "transfer.restarted": "\(result.restarted)",
            ]
        )
        return result
    }

    // MARK: - Transfer threads

    /// Runs `body` on a transfer thread, wiring task cancellation to the flag libcurl's
    /// progress callback polls.
    func runOnTransferThread<T: Sendable>(
        _ request: HTTPRequest,
        _ body: @escaping @Sendable (CancellationFlag) throws -> T
    ) async throws -> T {
        do {
            return try await runOnTransferThreadUnlogged(request, body)
        } catch {
            // TransferError descriptions are redacted; other errors are not described.
            let reason = (error as? TransferError)?.description ?? (error is CancellationError ? "cancelled" : "\(type(of: error))")
            configuration.logger.debug(
                "HTTP transfer failed",
                metadata: [
                    "transfer.method": "\(request.method)", "transfer.url": "\(Redaction.redactURL(request.url))",
                    "transfer.error": "\(reason)",
                ]
            )
            throw error
        }
    }

    private func runOnTransferThreadUnlogged<T: Sendable>(
        _ request: HTTPRequest,
        _ body: @escaping @Sendable (CancellationFlag) throws -> T
    ) async throws -> T {
        guard state.withLock({ $0 == .running }) else {
            throw TransferError(code: .clientShutdown, message: "the HTTP client was shut down", url: request.url)
        }
        try Task.checkCancellation()
        let cancellation = CancellationFlag()
        do {
            return try await withTaskCancellationHandler {
                try await threadPool.runIfActive { try body(cancellation) }
            } onCancel: {
                cancellation.cancel()
            }
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw TransferError(code: .clientShutdown, message: "the HTTP client was shut down", url: request.url)
        }
    }
}
