public import Logging

extension HTTPClient {
    /// Settings for an ``HTTPClient``; every property has a sensible default.
    ///
    /// TLS certificate and host-name verification are always on and cannot be turned off;
    /// ``caBundlePath`` only chooses which certificate authorities are trusted.
    public struct Configuration: Sendable {
        /// Default time limits, used when a request sets none.
        public var timeouts: TransferTimeouts
        /// How many redirects to follow (`CURLOPT_MAXREDIRS`); `0` does not follow any
        /// and returns the 3xx response.
        public var maximumRedirects: Int
        /// The largest in-memory body ``HTTPClient/send(_:)`` accepts, in bytes; larger
        /// bodies fail with ``TransferError/Code/responseTooLarge``.
        public var maximumResponseBodySize: Int
        /// How many transfers may run at the same time (the number of dedicated transfer
        /// threads); further requests wait for a free thread.
        public var maximumConcurrentTransfers: Int
        /// The `User-Agent` header sent unless a request sets its own.
        public var userAgent: String
        /// A PEM file of trusted certificate authorities (`CURLOPT_CAINFO`); `nil` uses the
        /// system store.
        public var caBundlePath: String?
        /// Whether ``HTTPClient/send(_:)`` advertises and decodes gzip/deflate/br bodies.
        /// Downloads never ask for an encoding, so the file holds the served bytes.
        public var acceptCompressedResponses: Bool
        /// Whether a finished download is `fsync`ed before ``HTTPClient/download(_:to:resume:progress:)`` returns.
        public var syncDownloadsToDisk: Bool
        /// libcurl's receive buffer size (`CURLOPT_BUFFERSIZE`), in bytes.
        public var receiveBufferSize: Int
        /// Where requests are logged (at `debug`, with credentials redacted).
        public var logger: Logger

        /// Creates a configuration.
        public init(
            timeouts: TransferTimeouts = TransferTimeouts(),
            maximumRedirects: Int = 5,
            maximumResponseBodySize: Int = 16 * 1024 * 1024,
            maximumConcurrentTransfers: Int = 8,
            userAgent: String = "callvault-transfer/1.0",
            caBundlePath: String? = nil,
            acceptCompressedResponses: Bool = true,
            syncDownloadsToDisk: Bool = true,
            receiveBufferSize: Int = 128 * 1024,
            logger: Logger = Logger(label: "callvault.transfer", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.timeouts = timeouts
            self.maximumRedirects = maximumRedirects
            self.maximumResponseBodySize = maximumResponseBodySize
            self.maximumConcurrentTransfers = maximumConcurrentTransfers
            self.userAgent = userAgent
            self.caBundlePath = caBundlePath
            self.acceptCompressedResponses = acceptCompressedResponses
            self.syncDownloadsToDisk = syncDownloadsToDisk
            self.receiveBufferSize = receiveBufferSize
            self.logger = logger
        }
    }
}
