import CCurl

/// Process-wide libcurl set-up: `curl_global_init` runs exactly once, before the first
/// easy handle is created.
///
/// `curl_global_init` is not thread-safe with respect to other libcurl calls; a Swift
/// global `let` is initialised lazily under `swift_once`, which gives "exactly once, and
/// finished before anyone reads it" across threads.
enum CurlRuntime {
    private static let initResult: CURLcode = curl_global_init(cv_curl_global_default)

    /// Makes sure libcurl is initialised; call before `curl_easy_init`.
    static func ensureInitialized() throws(TransferError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw TransferError(
                code: .transport,
                message: "curl_global_init failed: \(String(cString: curl_easy_strerror(code)))",
                curlCode: Int(code.rawValue)
            )
        }
    }

    /// The libcurl version string, e.g. `"libcurl/7.88.1 OpenSSL/3.0.19 …"`.
    static var version: String { String(cString: curl_version()) }
}
