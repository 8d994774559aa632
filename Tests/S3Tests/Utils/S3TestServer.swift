import Foundation
import S3
import Transfer

/// The real S3-compatible server the tests run against: Ceph RGW started by `scripts/s3-server`.
///
/// The first test that needs it runs `scripts/s3-server start` (which does nothing when the
/// server is already up, and installs and starts it otherwise) and reads `scripts/s3-server env`.
/// Every test works under its own random prefix, so tests run in parallel without seeing each
/// other's objects.
actor S3TestServer {
    static let shared = S3TestServer()

    private var environment: [String: String]?

    /// The repository root, found from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `CALLVAULT_S3_*`, `CALLVAULT_STORAGE_URL` and `AWS_*` as printed by `scripts/s3-server env`.
    func settings() async throws -> [String: String] {
        if let environment { return environment }
        let script = Self.repositoryRoot + "/scripts/s3-server"
        let (status, _) = try await Self.run(script, ["start"])
        guard status == 0 else { throw S3TestServerError(message: "scripts/s3-server start failed (\(status))") }
        let (envStatus, output) = try await Self.run(script, ["env"])
        guard envStatus == 0 else { throw S3TestServerError(message: "scripts/s3-server env failed (\(envStatus))") }
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            var text = Substring(line)
            if text.hasPrefix("export ") { text = text.dropFirst(7) }
            guard let equals = text.firstIndex(of: "=") else { continue }
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        environment = values
        return values
    }

    /// A configuration for a fresh random prefix under the test bucket.
    func configuration(
        prefix: String = "t-\(UUID().uuidString.lowercased())",
        addressingStyle: S3AddressingStyle = .path,
        endpoint: String? = nil,
        secret: String? = nil,
        accessKey: String? = nil,
        partSize: Int64 = 5 * 1024 * 1024,
        multipartThreshold: Int64 = 5 * 1024 * 1024,
        maximumAttempts: Int = 3
    ) async throws -> S3Configuration {
        var environment = try await settings()
        if let secret { environment["AWS_SECRET_ACCESS_KEY"] = secret }
        if let accessKey { environment["AWS_ACCESS_KEY_ID"] = accessKey }
        let base = try S3Configuration(environment: environment)
        return try S3Configuration(
            endpoint: endpoint ?? base.endpoint,
            region: base.region,
            bucket: base.bucket,
            prefix: base.prefix + prefix,
            addressingStyle: addressingStyle,
            credentials: base.credentials,
            multipartThreshold: multipartThreshold,
            partSize: partSize,
            maximumAttempts: maximumAttempts,
            initialRetryDelay: .milliseconds(10)
        )
    }

    /// Runs a program to its end; returns its exit status and standard output.
    static func run(_ path: String, _ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Output goes to a file, not a pipe: daemons the script starts must not hold our pipe open.
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("s3-server-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        process.standardOutput = output
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                try? output.close()
                let data = (try? Data(contentsOf: outputURL)) ?? Data()
                try? FileManager.default.removeItem(at: outputURL)
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

struct S3TestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
