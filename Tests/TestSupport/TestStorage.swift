/// The archive storages the behaviour suites run against: the local tree and an object store
/// (the real Ceph RGW of ``ObjectStoreServer``, under a fresh prefix per use).
public enum TestStorage: String, Sendable, CaseIterable {
    case local
    case s3

    /// The settings that select this storage for `CallvaultConfiguration` (none for the local tree).
    public func environment() async throws -> [String: String] {
        switch self {
        case .local: return [:]
        case .s3: return try await ObjectStoreServer.shared.freshEnvironment()
        }
    }
}
