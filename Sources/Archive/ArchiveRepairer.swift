public import Logging
public import Transcripts

/// Repairs what ``Verifier`` found that can be repaired without losing anything: it removes
/// leftover files under `recordings/` that no catalog row points at (``VerificationIssue/Kind/untracked``),
/// such as the objects of a filing that crashed between its uploads and its catalog commit.
///
/// Each removal holds the recording's filing lock and first asks the catalogs again, so a filing
/// in progress (whose files exist before its catalog row, by design) keeps its files. Missing or
/// damaged files are left alone: only a new download can restore them.
///
/// ```swift
/// let report = try await Verifier(catalog: catalog, storage: storage).run()
/// let repaired = try await ArchiveRepairer(catalog: catalog, storage: storage, locks: locks).repair(report)
/// ```
public struct ArchiveRepairer: Sendable {
    /// The catalog that decides what is tracked.
    public let catalog: any CatalogStore
    /// The transcript catalog, whose sidecars are tracked too; `nil` never removes transcripts.
    public let transcripts: (any TranscriptCatalog)?
    /// Where the files are.
    public let storage: any ArchiveStorage
    /// The filing locks the pipeline holds while it files.
    public let locks: any RecordingLocks
    /// Where the repairer logs.
    public var logger: Logger

    /// Creates a repairer.
    public init(
        catalog: any CatalogStore, transcripts: (any TranscriptCatalog)? = nil, storage: any ArchiveStorage,
        locks: any RecordingLocks, logger: Logger = Logger(label: "callvault.archive")
    ) {
        self.catalog = catalog
        self.transcripts = transcripts
        self.storage = storage
        self.locks = locks
        self.logger = logger
    }

    /// Removes the untracked files of `report`.
    /// - Returns: The keys removed, sorted.
    /// - Throws: ``ArchiveError`` from the storage, or the catalog's error.
    public func repair(_ report: VerificationReport) async throws -> [String] {
        var removed: [String] = []
        for issue in report.issues where issue.kind == .untracked {
            let key = issue.relativePath
            if ArchiveLayout.isTranscript(key), transcripts == nil { continue }
            let catalog = self.catalog
            let transcripts = self.transcripts
            let storage = self.storage
            let remove: @Sendable () async throws -> Bool = {
                if try await Self.isTracked(key, catalog: catalog, transcripts: transcripts) { return false }
                try await storage.delete(key: key)
                return true
            }
            let done: Bool
            if let id = ArchiveLayout.recordingId(ofKey: key) {
                done = try await locks.withLock(recordingId: id, remove)
            } else {
                done = try await remove()
            }
            if done {
                removed.append(key)
                logger.notice("removed an untracked file", metadata: ["key": "\(key)"])
            }
        }
        return removed.sorted()
    }

    /// Whether a catalog row points at `key` now.
    static func isTracked(_ key: String, catalog: any CatalogStore, transcripts: (any TranscriptCatalog)?) async throws -> Bool {
        if let id = ArchiveLayout.recordingId(ofKey: key) {
            if try await catalog.files(recordingId: id).contains(where: { $0.relativePath == key }) { return true }
        } else if try await catalog.allFiles().contains(where: { $0.relativePath == key }) {
            return true
        }
        if let transcripts, try await transcripts.transcriptFiles().values.contains(where: { $0.relativePath == key }) { return true }
        return false
    }
}
