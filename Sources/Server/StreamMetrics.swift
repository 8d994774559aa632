import Metrics

/// `callvault_stream_bytes_total`: body bytes handed to players, by where they came from
/// (`archive`, or `ringcentral` for a recording proxied before it is archived);
/// `callvault_stream_reads_total`: archive reads by how they were done (`memory`: from the page
/// cache in the request's own task; `thread_pool`: a step needed the disk, or the kernel lacks the
/// non-waiting calls, and the read went to the server's file thread pool).
enum StreamMetrics {
    private static let fromMemory = Counter(label: "callvault_stream_reads_total", dimensions: [("path", "memory")])
    private static let onPool = Counter(label: "callvault_stream_reads_total", dimensions: [("path", "thread_pool")])

    private static let archive = Counter(label: "callvault_stream_bytes_total", dimensions: [("source", "archive")])
    private static let ringCentral = Counter(label: "callvault_stream_bytes_total", dimensions: [("source", "ringcentral")])

    /// Counts bytes read from the archive and handed to the response.
    static func archived(_ bytes: Int64) { archive.increment(by: bytes) }

    /// Counts one read of the archive (``LocalAudioFile``), done without waiting or not.
    static func read(withoutWaiting: Bool) { (withoutWaiting ? fromMemory : onPool).increment() }

    /// Counts bytes proxied from RingCentral's media host.
    static func proxied(_ bytes: Int64) { ringCentral.increment(by: bytes) }
}
