extension HTTPClient {
    /// The libcurl in use, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 …`, for `callvault doctor`.
    public static var libraryVersion: String { CurlRuntime.version }
}
