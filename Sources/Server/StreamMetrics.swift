import Metrics

/// `callvault_stream_bytes_total`: body bytes handed to players, by where they came from
/// (`archive`, or `ringcentral` for a recording proxied before it is archived).
enum StreamMetrics {
    private static let archive = Counter(label: "callvault_stream_bytes_total", dimensions: [("source", "archive")])
    private static let ringCentral = Counter(label: "callvault_stream_bytes_total", dimensions: [("source", "ringcentral")])

    /// Counts bytes read from the archive and handed to the response.
    static func archived(_ bytes: Int64) { archive.increment(by: bytes) }

    /// Counts bytes proxied from RingCentral's media host.
    static func proxied(_ bytes: Int64) { ringCentral.increment(by: bytes) }
}
