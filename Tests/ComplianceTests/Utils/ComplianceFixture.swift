import Archive
import Compliance
import Essentials
import Foundation
import SQLiteStore
import TestSupport

/// A real database and home on a manual clock, with an ``ArchiveBuilder`` to fill it and the
/// eraser and verifier the commands use.
struct ComplianceFixture {
    let backend: TestBackend
    let home: String
    let builder: ArchiveBuilder

    var clock: ManualTimeSource { backend.clock }
    var sqlite: SQLiteBackend { backend.sqlite }

    static func make(
        _ kind: BackendKind = .sqlite, now: Int64 = 1_750_000_000_000, timeZone: TimeZone = .utc, storage: TestStorage = .local
    ) async throws -> ComplianceFixture {
        let backend = try await TestBackend.make(kind, clock: ManualTimeSource(nowMillis: now))
        let home = backend.directory.path("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let builder = ArchiveBuilder(
            catalog: backend.catalog, transcripts: backend.transcripts, home: home, timeZone: timeZone,
            storage: try await storage.storage(home: home))
        return ComplianceFixture(backend: backend, home: home, builder: builder)
    }

    func eraser(batchSize: Int = 256, checkpoint: @escaping @Sendable (DeletionStep) -> Void = { _ in }) -> RecordingEraser {
        RecordingEraser(
            store: backend.compliance, storage: builder.storage, locks: FileRecordingLocks(directory: home + "/tmp"), audit: backend.audit,
            phoneDigest: PhoneDigest(key: Array(repeating: 1, count: 32)), clock: clock, batchSize: batchSize, checkpoint: checkpoint)
    }

    func verify() async throws -> VerificationReport {
        try await Verifier(catalog: backend.catalog, transcripts: backend.transcripts, storage: builder.storage).run()
    }

    /// The ids of every recording in the catalog.
    func recordingIds() async throws -> [String] {
        try await backend.rows("recordings", orderBy: "id").compactMap { $0["id"] }
    }

    func remove() { backend.remove() }
}
