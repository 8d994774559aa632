import CCurl

/// Owns one libcurl easy handle (`CURL *`) and its error buffer.
///
/// An easy handle keeps its connection cache, DNS cache and TLS session cache across
/// `curl_easy_reset`, so reusing handles through ``EasyHandlePool`` reuses connections.
///
/// `@unchecked Sendable`: libcurl allows a handle to be used from any thread but never
/// from two at once. An `EasyHandle` is only ever used by the one transfer thread that
/// checked it out of ``EasyHandlePool``; the pool's mutex orders the hand-over between
/// threads. It must not be touched after being checked back in.
final class EasyHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?

    /// What the response body is for, which changes a few options.
    enum Purpose {
        /// An in-memory body of at most `limit` bytes.
        case memory(limit: Int)
        /// A file download, continuing from `rangeStart` when it is non-zero.
        case download(rangeStart: Int64)
        /// A body streamed to a consumer as it arrives, bytes as served (no content decoding;
        /// the request's own `Range` is kept).
        case stream
    }

    init() throws(TransferError) {
        try CurlRuntime.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw TransferError(code: .transport, message: "curl_easy_init failed")
        }
        raw = handle
        errorBuffer = .allocate(capacity: Int(cv_curl_error_size))
        errorBuffer.initialize(repeating: 0, count: Int(cv_curl_error_size))
    }

    deinit {
        curl_easy_cleanup(raw)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    // MARK: - Setting up a transfer

    /// Resets the handle (keeping its caches and live connections) and applies every
    /// option for `request`.
    func prepare(
        _ request: HTTPRequest,
        configuration: HTTPClient.Configuration,
        context: TransferContext,
        purpose: Purpose
    ) throws(TransferError) {
        curl_easy_reset(raw)
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
        errorBuffer[0] = 0
        let url = request.url
        func set(_ option: CURLoption, _ value: Int) throws(TransferError) {
            try check(cv_easy_setopt_long(raw, option, value), option: option, url: url)
        }
        func set(_ option: CURLoption, _ value: String) throws(TransferError) {
            try check(cv_easy_setopt_string(raw, option, value), option: option, url: url)
        }
        func setOffset(_ option: CURLoption, _ value: Int64) throws(TransferError) {
            try check(cv_easy_setopt_off_t(raw, option, curl_off_t(value)), option: option, url: url)
        }

        try check(cv_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer), option: CURLOPT_ERRORBUFFER, url: url)
        try set(CURLOPT_NOSIGNAL, 1)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw TransferError(code: .invalidRequest, message: "only http and https URLs are supported", url: url)
        }
        try set(CURLOPT_URL, url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")

        // TLS: verification is always on.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle = configuration.caBundlePath { try set(CURLOPT_CAINFO, caBundle) }
        try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))

        // Redirects.
        let maximumRedirects = request.maximumRedirects ?? configuration.maximumRedirects
        if maximumRedirects > 0 {
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, maximumRedirects)
        } else {
            try set(CURLOPT_FOLLOWLOCATION, 0)
        }

        // Timeouts.
        let timeouts = request.timeouts ?? configuration.timeouts
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Self.milliseconds(timeouts.connect)))
        if timeouts.lowSpeedLimit > 0 {
            try set(CURLOPT_LOW_SPEED_LIMIT, timeouts.lowSpeedLimit)
            try set(CURLOPT_LOW_SPEED_TIME, max(1, (Self.milliseconds(timeouts.lowSpeedTime) + 999) / 1000))
        }
        if let total = timeouts.total { try set(CURLOPT_TIMEOUT_MS, max(1, Self.milliseconds(total))) }

        // Method and body.
        switch request.method {
        case .get:
            try set(CURLOPT_HTTPGET, 1)
        case .head:
            try set(CURLOPT_NOBODY, 1)
        case .post:
            try set(CURLOPT_POST, 1)
        default:
            try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if request.body != nil && request.fileBody != nil {
            throw TransferError(code: .invalidRequest, message: "a request has either a body or a file body, not both", url: url)
        }
        if let fileBody = request.fileBody {
            if request.method == .get || request.method == .head {
                throw TransferError(code: .invalidRequest, message: "\(request.method) requests cannot carry a body", url: url)
            }
            let upload = try FileUploadSource(fileBody, url: url)
            context.upload = upload
            if request.method == .post {
                try set(CURLOPT_POST, 1)
                try setOffset(CURLOPT_POSTFIELDSIZE_LARGE, upload.length)
            } else {
                try set(CURLOPT_UPLOAD, 1)
                try setOffset(CURLOPT_INFILESIZE_LARGE, upload.length)
                if request.method != .put { try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue) }
            }
            try check(cv_easy_setopt_read_function(raw, TransferContext.readCallback), option: CURLOPT_READFUNCTION, url: url)
            try check(cv_easy_setopt_pointer(raw, CURLOPT_READDATA, context.opaque), option: CURLOPT_READDATA, url: url)
            try check(cv_easy_setopt_seek_function(raw, TransferContext.seekCallback), option: CURLOPT_SEEKFUNCTION, url: url)
            try check(cv_easy_setopt_pointer(raw, CURLOPT_SEEKDATA, context.opaque), option: CURLOPT_SEEKDATA, url: url)
        } else if let body = request.body {
            if request.method == .get || request.method == .head {
                throw TransferError(code: .invalidRequest, message: "\(request.method) requests cannot carry a body", url: url)
            }
            try setOffset(CURLOPT_POSTFIELDSIZE_LARGE, Int64(body.bytes.count))
            if body.bytes.isEmpty {
                try set(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                let code = body.bytes.withUnsafeBytes { buffer in
                    // COPYPOSTFIELDS copies the bytes, so no pointer outlives this closure.
                    cv_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                }
                try check(code, option: CURLOPT_COPYPOSTFIELDS, url: url)
            }
        } else if request.method == .post {
            try setOffset(CURLOPT_POSTFIELDSIZE_LARGE, 0)
            try set(CURLOPT_COPYPOSTFIELDS, "")
        }

        // Signing: libcurl computes SigV4 over the URL as given and every header set below.
        if let signing = request.awsSigV4 {
            guard !signing.accessKeyID.contains(":"), !signing.accessKeyID.isEmpty else {
                throw TransferError(code: .invalidRequest, message: "an AWS access key id must be non-empty and without ':'", url: url)
            }
            try set(CURLOPT_AWS_SIGV4, signing.curlProvider)
            try set(CURLOPT_USERPWD, "\(signing.accessKeyID):\(signing.secretAccessKey)")
            try set(CURLOPT_PATH_AS_IS, 1)
        }

        // Headers.
        var headers = request.headers
        let hasBody = request.body != nil || request.fileBody != nil
        if let contentType = request.body?.contentType ?? request.fileBody?.contentType, !headers.contains("Content-Type") {
            headers.add(name: "Content-Type", value: contentType)
        }
        if hasBody, !request.expectsContinue, request.awsSigV4 == nil, !headers.contains("Expect") {
            headers.add(name: "Expect", value: "")  // no 100-continue round trip
        }
        if request.awsSigV4 != nil, let empty = headers.first(where: { $0.value.isEmpty }) {
            throw TransferError(
                code: .invalidRequest,
                message: "header \(empty.name) is empty; a signed request cannot send empty headers (they would be signed but not sent)",
                url: url
            )
        }
        if !headers.contains("User-Agent") { try set(CURLOPT_USERAGENT, configuration.userAgent) }
        switch purpose {
        case .memory(let limit):
            if configuration.acceptCompressedResponses && !headers.contains("Accept-Encoding") {
                try set(CURLOPT_ACCEPT_ENCODING, "")
            }
            try setOffset(CURLOPT_MAXFILESIZE_LARGE, Int64(limit))
        case .stream:
            break
        case .download(let rangeStart):
            headers.remove(name: "Range")
            headers.remove(name: "Accept-Encoding")
            if rangeStart > 0 { headers.add(name: "Range", value: "bytes=\(rangeStart)-") }
        }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for field in headers {
            guard Self.isValidHeader(field.name, field.value) else {
                if let list { curl_slist_free_all(list) }
                throw TransferError(code: .invalidRequest, message: "header \(field.name) has an invalid name or a line break", url: url)
            }
            // "Name;" sends a header with an empty value; "Name:" removes one curl would add
            // itself, which is what we want for Expect (no 100-continue round trip).
            let line: String
            if field.value.isEmpty {
                line = field.name.lowercased() == "expect" ? "\(field.name):" : "\(field.name);"
            } else {
                line = "\(field.name): \(field.value)"
            }
            guard let appended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                throw TransferError(code: .transport, message: "curl_slist_append failed", url: url)
            }
            list = appended
        }
        headerList = list
        if let list { try check(cv_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, list), option: CURLOPT_HTTPHEADER, url: url) }

        // Callbacks.
        try set(CURLOPT_BUFFERSIZE, configuration.receiveBufferSize)
        let userData = context.opaque
        try check(cv_easy_setopt_write_function(raw, CURLOPT_WRITEFUNCTION, TransferContext.writeCallback), option: CURLOPT_WRITEFUNCTION, url: url)
        try check(cv_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, userData), option: CURLOPT_WRITEDATA, url: url)
        let headerCallback = TransferContext.headerCallback
        try check(cv_easy_setopt_write_function(raw, CURLOPT_HEADERFUNCTION, headerCallback), option: CURLOPT_HEADERFUNCTION, url: url)
        try check(cv_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, userData), option: CURLOPT_HEADERDATA, url: url)
        try set(CURLOPT_NOPROGRESS, 0)
        try check(cv_easy_setopt_xferinfo_function(raw, TransferContext.progressCallback), option: CURLOPT_XFERINFOFUNCTION, url: url)
        try check(cv_easy_setopt_pointer(raw, CURLOPT_XFERINFODATA, userData), option: CURLOPT_XFERINFODATA, url: url)
    }

    // MARK: - Running and reading results

    /// Runs the transfer on the calling thread (blocking). Only call from a transfer thread.
    func perform() -> CURLcode {
        let code = curl_easy_perform(raw)
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
        return code
    }

    /// `CURLINFO_RESPONSE_CODE` of the last transfer.
    var responseCode: Int { Int(long(CURLINFO_RESPONSE_CODE)) }

    /// Whether the last transfer reused a kept-alive connection (`CURLINFO_NUM_CONNECTS` == 0).
    var reusedConnection: Bool { long(CURLINFO_NUM_CONNECTS) == 0 }

    /// The local port of the last transfer's connection.
    var localPort: Int { Int(long(CURLINFO_LOCAL_PORT)) }

    /// The HTTP version of the last response, as `"1.0"`, `"1.1"`, `"2"` or `"3"`.
    var httpVersion: String {
        switch long(CURLINFO_HTTP_VERSION) {
        case Int(CURL_HTTP_VERSION_1_0): return "1.0"
        case Int(CURL_HTTP_VERSION_2_0): return "2"
        case Int(CURL_HTTP_VERSION_3): return "3"
        default: return "1.1"
        }
    }

    /// The URL of the last response after redirects.
    var effectiveURL: String {
        var pointer: UnsafeMutablePointer<CChar>? = nil
        guard cv_easy_getinfo_string(raw, CURLINFO_EFFECTIVE_URL, &pointer) == CURLE_OK, let pointer else { return "" }
        return String(cString: pointer)
    }

    /// The transport error for a failed `perform`, with curl's message and the redacted URL.
    func error(for code: CURLcode, url: String) -> TransferError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        return TransferError(code: Self.category(of: code), message: message, curlCode: Int(code.rawValue), url: url)
    }

    // MARK: - Helpers

    private func long(_ info: CURLINFO) -> Int {
        var value = 0
        return cv_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    private func check(_ code: CURLcode, option: CURLoption, url: String) throws(TransferError) {
        guard code == CURLE_OK else {
            throw TransferError(
                code: code == CURLE_UNSUPPORTED_PROTOCOL ? .invalidRequest : .transport,
                message: "curl_easy_setopt(\(option.rawValue)) failed: \(String(cString: curl_easy_strerror(code)))",
                curlCode: Int(code.rawValue),
                url: url
            )
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    static func isValidHeader(_ name: String, _ value: String) -> Bool {
        guard !name.isEmpty else { return false }
        for byte in name.utf8 where byte <= 32 || byte >= 127 || byte == UInt8(ascii: ":") { return false }
        for byte in value.utf8 where byte == 10 || byte == 13 || byte == 0 { return false }
        return true
    }

    /// Maps a `CURLcode` to a ``TransferError/Code``.
    static func category(of code: CURLcode) -> TransferError.Code {
        switch code {
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .connectionFailed
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tlsFailure
        case CURLE_PARTIAL_FILE:
            return .partialTransfer
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge
        default:
            return .transport
        }
    }
}
