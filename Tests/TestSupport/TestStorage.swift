public import Archive
import S3
import S3Archive
public import Transfer

/// The archive storages the behaviour suites run against: the local tree and an object store
/// (the real Ceph RGW of ``ObjectStoreServer``, under a fresh prefix per use).
public enum TestStorage: String, Sendable, CaseIterable {
    case local
    case s3

    /// The HTTP client of every object store storage in this test process.
    public static let objectStoreHTTP = HTTPClient(configuration: .init(maximumRedirects: 0, syncDownloadsToDisk: false))

    /// The storage of this kind: the local tree at `home`, or a fresh prefix of the test object
    /// store (with `environment` overriding its settings, such as a wrong secret).
    public func storage(home: String, environment extra: [String: String] = [:]) async throws -> any ArchiveStorage {
        switch self {
        case .local:
            return LocalArchiveStorage(root: home)
        case .s3:
            var settings = try await environment()
            for (name, value) in extra { settings[name] = value }
            return S3ArchiveStorage(client: S3Client(configuration: try S3Configuration(environment: settings), httpClient: Self.objectStoreHTTP))
        }
    }

    /// The settings that select this storage for `CallvaultConfiguration` (none for the local tree).
    public func environment() async throws -> [String: String] {
        switch self {
        case .local: return [:]
        case .s3: return try await ObjectStoreServer.shared.freshEnvironment()
        }
    }
}
