import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real S3-compatible server the tests run against: Ceph RGW started by `scripts/s3-server`.
///
/// The first test that needs it runs `scripts/s3-server start` (which does nothing when the
/// server is already up, and installs and starts it otherwise) and reads `scripts/s3-server env`.
/// Tests work under their own random prefixes, so they run in parallel without seeing each
/// other's objects.
public actor ObjectStoreServer {
    /// The one server of the test process.
    public static let shared = ObjectStoreServer()

    private var environment: Task<[String: String], any Error>?

    /// The repository root, found from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `CALLVAULT_S3_*`, `CALLVAULT_STORAGE_URL` and `AWS_*` as printed by `scripts/s3-server env`.
    public func settings() async throws -> [String: String] {
        // One start for all tests, however many ask at once.
        if let environment { return try await environment.value }
        let task = Task { try await Self.startAndReadSettings() }
        environment = task
        return try await task.value
    }

    /// The settings with `CALLVAULT_STORAGE_URL` under a fresh random prefix of the test bucket.
    public func freshEnvironment() async throws -> [String: String] {
        var values = try await settings()
        let base = values["CALLVAULT_STORAGE_URL"] ?? "s3://callvault-test"
        values["CALLVAULT_STORAGE_URL"] = (base.hasSuffix("/") ? base : base + "/") + "t-\(UUID().uuidString.lowercased())"
        return values
    }

    private static func startAndReadSettings() async throws -> [String: String] {
        let script = Self.repositoryRoot + "/scripts/s3-server"
        let (status, _, startErrors) = try await ChildProcess.run(script, ["start"])
        guard status == 0 else { throw ObjectStoreServerError(message: "scripts/s3-server start failed (\(status)): \(startErrors)") }
        let (envStatus, output, envErrors) = try await ChildProcess.run(script, ["env"])
        guard envStatus == 0 else { throw ObjectStoreServerError(message: "scripts/s3-server env failed (\(envStatus)): \(envErrors)") }
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            var text = Substring(line)
            if text.hasPrefix("export ") { text = text.dropFirst(7) }
            guard let equals = text.firstIndex(of: "=") else { continue }
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return values
    }
}
