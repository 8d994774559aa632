import Crypto
import Foundation
import S3
import Transfer

/// Runs `body` with a fresh HTTP client and an S3 client on a fresh prefix; the client is shut down afterwards.
func withS3Client<T: Sendable>(
    _ configuration: S3Configuration? = nil,
    _ body: (S3Client, HTTPClient) async throws -> T
) async throws -> T {
    let resolved: S3Configuration
    if let configuration {
        resolved = configuration
    } else {
        resolved = try await S3TestServer.shared.configuration()
    }
    return try await HTTPClient.withHTTPClient(configuration: HTTPClient.Configuration(maximumConcurrentTransfers: 4, syncDownloadsToDisk: false)) { http in
        try await body(S3Client(configuration: resolved, httpClient: http), http)
    }
}

/// Deterministic pseudo-random bytes.
func testBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var bytes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[index] = UInt8(truncatingIfNeeded: state)
    }
    return bytes
}

func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

/// Collects streamed chunks.
final class ByteCollector {
    var bytes: [UInt8] = []
    var chunks = 0
    func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
        chunks += 1
    }
}

/// A fresh path in a new temporary directory, removed afterwards.
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("s3-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("upload.bin").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return try await body(path)
}
