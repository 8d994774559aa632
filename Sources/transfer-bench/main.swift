// transfer-bench: downloads one URL to a file with the Transfer client and prints
// "bytes seconds sha256" on one line. Used by scripts/bench/download.
// TRANSFER_BENCH_BUFFER=<bytes> overrides the receive buffer size (for tuning).
import Transfer

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: transfer-bench URL OUTPUT [--fsync]")
    exit(2)
}
let url = arguments[1]
let output = arguments[2]
let sync = arguments.contains("--fsync")
unlink(output)

var configuration = HTTPClient.Configuration(maximumConcurrentTransfers: 1, syncDownloadsToDisk: sync)
if let value = getenv("TRANSFER_BENCH_BUFFER"), let size = Int(String(cString: value)) {
    configuration.receiveBufferSize = size
}
let clock = ContinuousClock()
do {
    let start = clock.now
    let result = try await HTTPClient.withHTTPClient(configuration: configuration) { client in
        try await client.download(.get(url), to: output, resume: false)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    guard result.isSuccess else {
        print("HTTP status \(result.status)")
        exit(1)
    }
    print("\(result.fileSize) \(seconds) \(result.sha256 ?? "-")")
} catch {
    print("error: \(error)")
    exit(1)
}
