import Foundation

/// A database back end the behaviour suites run on.
///
/// ```swift
/// @Test(arguments: BackendKind.all) func claims(_ kind: BackendKind) async throws {
///     let backend = try await TestBackend.make(kind)
/// ```
public enum BackendKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A fresh SQLite file.
    case sqlite
    /// A fresh schema in the PostgreSQL database named by `CALLVAULT_TEST_DATABASE_URL`.
    case postgres

    /// The back ends to run on: SQLite always, PostgreSQL when `CALLVAULT_TEST_DATABASE_URL`
    /// is set (`scripts/test` starts a server and sets it).
    public static var all: [BackendKind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// `CALLVAULT_TEST_DATABASE_URL`, when set and not empty.
    public static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["CALLVAULT_TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }

    public var description: String { rawValue }
}
