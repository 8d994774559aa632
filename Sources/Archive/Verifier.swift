public import Logging
public import Transcripts

/// Re-hashes every stored file against the catalog and reports drift.
///
/// Reports files the catalog lists that are missing, have another size or another SHA-256, and
/// files under `recordings/` that the catalog does not list, and files that cannot be read;
/// transcript sidecars are checked when a transcript catalog is given. Nothing is changed.
///
/// ```swift
/// let report = try await Verifier(catalog: catalog, storage: LocalArchiveStorage(root: home)).run()
/// for issue in report.issues { print(issue.kind, issue.relativePath) }
/// ```
public struct Verifier: Sendable {
    /// The catalog to check against.
    public let catalog: any CatalogStore
    /// The transcript catalog, whose sidecars are checked too; `nil` leaves them out.
    public let transcripts: (any TranscriptCatalog)?
    /// Where the files are.
    public let storage: any ArchiveStorage
    /// Where the verifier logs.
    public var logger: Logger

    /// Creates a verifier.
    public init(
        catalog: any CatalogStore, transcripts: (any TranscriptCatalog)? = nil, storage: any ArchiveStorage,
        logger: Logger = Logger(label: "callvault.archive")
    ) {
        self.catalog = catalog
        self.transcripts = transcripts
        self.storage = storage
        self.logger = logger
    }

    /// Checks every file.
    /// - Returns: The report.
    /// - Throws: ``ArchiveError`` when `recordings/` cannot be listed, or the catalog's error.
    public func run() async throws -> VerificationReport {
        var files = try await catalog.allFiles()
        if let transcripts {
            for (recordingId, file) in try await transcripts.transcriptFiles() {
                files.append(
                    StoredFile(
                        recordingId: recordingId, role: .sidecar, relativePath: file.relativePath, bytes: file.bytes,
                        sha256: file.sha256, format: "json", createdAt: 0))
            }
        }
        var issues: [VerificationIssue] = []
        var hashed: Int64 = 0
        for file in files {
            guard let size = try await storage.size(of: file.relativePath) else {
                issues.append(.init(kind: .missing, relativePath: file.relativePath, recordingId: file.recordingId))
                continue
            }
            guard size == file.bytes else {
                issues.append(
                    .init(
                        kind: .sizeMismatch, relativePath: file.relativePath, recordingId: file.recordingId,
                        expected: "\(file.bytes)", actual: "\(size)"))
                continue
            }
            let digest: FileOperations.Digest
            do {
                digest = try await StorageDigest.of(key: file.relativePath, in: storage)
            } catch let error as ArchiveError {
                issues.append(
                    .init(
                        kind: .unreadable, relativePath: file.relativePath, recordingId: file.recordingId,
                        expected: file.sha256, actual: error.message))
                continue
            }
            hashed += digest.bytes
            if digest.sha256 != file.sha256 {
                issues.append(
                    .init(
                        kind: .hashMismatch, relativePath: file.relativePath, recordingId: file.recordingId,
                        expected: file.sha256, actual: digest.sha256))
            }
        }
        let known = Set(files.map(\.relativePath))
        for key in try await storage.list(prefix: ArchiveLayout.recordingsFolder)
        where !known.contains(key) && (transcripts != nil || !ArchiveLayout.isTranscript(key)) {
            issues.append(.init(kind: .untracked, relativePath: key))
        }
        issues.sort { ($0.relativePath, $0.kind.rawValue) < ($1.relativePath, $1.kind.rawValue) }
        let report = VerificationReport(filesChecked: files.count, bytesHashed: hashed, issues: issues)
        logger.info("archive verified", metadata: ["files": "\(report.filesChecked)", "issues": "\(report.issues.count)"])
        return report
    }
}
