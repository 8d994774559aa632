import Foundation
import TestSupport
import Synchronization
import Transfer

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with a client that is shut down afterwards.
@discardableResult
func withTestClient<T: Sendable>(
    _ configuration: HTTPClient.Configuration = HTTPClient.Configuration(maximumConcurrentTransfers: 2, syncDownloadsToDisk: false),
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    try await HTTPClient.withHTTPClient(configuration: configuration, body)
}

/// A fresh path in a new temporary directory; the directory is removed afterwards.
func withTemporaryPath<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("transfer-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.appendingPathComponent("download.part").path)
}

func fileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeFile(_ path: String, _ bytes: some Sequence<UInt8>) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, read, then closed).
func closedLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    precondition(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
            bind(fd, sockaddrPointer, length) == 0 && getsockname(fd, sockaddrPointer, &length) == 0
        }
    }
    precondition(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Collects progress reports from the transfer thread.
final class ProgressLog: Sendable {
    private let reports = Mutex<[DownloadProgress]>([])
    func append(_ progress: DownloadProgress) { reports.withLock { $0.append(progress) } }
    var last: DownloadProgress? { reports.withLock { $0.last } }
}

/// The SHA-256 of the file at `path` as computed by coreutils' `sha256sum` (an implementation
/// independent of the one under test).
func sha256sum(_ path: String) throws -> String {
    try ChildProcess.runBlocking("/usr/bin/sha256sum", [path]).stdout.split(separator: " ").first.map(String.init) ?? ""
}
