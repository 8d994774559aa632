import Foundation

#if canImport(Glibc)
import Glibc
#endif
import S3
import TestSupport
import Transfer

/// The real S3-compatible server the tests run against: Ceph RGW started by `scripts/s3-server`.
///
/// The first test that needs it runs `scripts/s3-server start` (which does nothing when the
/// server is already up, and installs and starts it otherwise) and reads `scripts/s3-server env`.
/// Every test works under its own random prefix, so tests run in parallel without seeing each
/// other's objects.
actor S3TestServer {
    static let shared = S3TestServer()

    /// `CALLVAULT_S3_*`, `CALLVAULT_STORAGE_URL` and `AWS_*` of the shared test server.
    func settings() async throws -> [String: String] {
        try await ObjectStoreServer.shared.settings()
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
}

struct S3TestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
