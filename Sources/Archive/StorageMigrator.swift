import Essentials
import Foundation
public import Logging
public import Transcripts

/// Copies an archive's files from one ``ArchiveStorage`` to another (the local tree to an object
/// store), verified by checksum and resumable, while the source keeps serving.
///
/// The files copied are the ones the catalogs list, each checked against the catalog's SHA-256:
/// a file already in the destination with the catalog's size and checksum is skipped (so running
/// again after an interruption, or after new recordings were filed, copies only what is new), a
/// source file that does not match the catalog is reported and not copied (it would spread the
/// damage), and every copy is checked in the destination after its upload. Files under
/// `recordings/` that no catalog row lists are reported, not copied. Nothing in the source changes:
/// a local file reaches the upload through a hard link in `staging` (a file of another store is read
/// into `staging` first).
///
/// ```swift
/// let report = try await StorageMigrator(
///     catalog: catalog, transcripts: transcripts, source: LocalArchiveStorage(root: home), destination: s3,
///     staging: home + "/tmp").run()
/// ```
public struct StorageMigrator: Sendable {
    /// The catalog whose files are copied.
    public let catalog: any CatalogStore
    /// The transcript catalog, whose sidecars are copied too.
    public let transcripts: (any TranscriptCatalog)?
    /// Where the files are now.
    public let source: any ArchiveStorage
    /// Where they go.
    public let destination: any ArchiveStorage
    /// A directory on this machine for staging uploads (the home's `tmp/`, on the source's file system).
    public let staging: String
    /// Where the migrator logs.
    public var logger: Logger

    /// Creates a migrator.
    public init(
        catalog: any CatalogStore, transcripts: (any TranscriptCatalog)?, source: any ArchiveStorage,
        destination: any ArchiveStorage, staging: String, logger: Logger = Logger(label: "callvault.archive")
    ) {
        self.catalog = catalog
        self.transcripts = transcripts
        self.source = source
        self.destination = destination
        self.staging = staging
        self.logger = logger
    }

    /// Copies what the destination lacks.
    /// - Parameter progress: Called after each file with the report so far.
    /// - Returns: What was copied, skipped and found wrong.
    /// - Throws: ``ArchiveError`` when a storage fails (run again to resume), or the catalog's error.
    public func run(progress: @Sendable (MigrationReport) -> Void = { _ in }) async throws -> MigrationReport {
        var files = try await catalog.allFiles().map { (key: $0.relativePath, bytes: $0.bytes, sha256: $0.sha256) }
        if let transcripts {
            files += try await transcripts.transcriptFiles().values.map { (key: $0.relativePath, bytes: $0.bytes, sha256: $0.sha256) }
        }
        files.sort { $0.key < $1.key }
        var report = MigrationReport()
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for file in files {
            if try await destination.size(of: file.key) == file.bytes, try await destination.sha256(of: file.key) == file.sha256 {
                report.filesPresent += 1
                progress(report)
                continue
            }
            guard let size = try await source.size(of: file.key) else {
                report.problems.append(MigrationReport.Problem(key: file.key, message: "missing in the source"))
                continue
            }
            guard size == file.bytes else {
                report.problems.append(
                    MigrationReport.Problem(key: file.key, message: "has \(size) bytes in the source, the catalog says \(file.bytes)"))
                continue
            }
            let staged = try await stage(file.key)
            defer { unlink(staged) }
            do {
                try await destination.put(localFile: staged, key: file.key, sha256: file.sha256)
            } catch let error as ArchiveError where error.code == .checksumMismatch {
                report.problems.append(MigrationReport.Problem(key: file.key, message: "does not match the catalog's SHA-256 in the source"))
                continue
            }
            let copiedSize = try await destination.size(of: file.key)
            let copiedSHA = try await destination.sha256(of: file.key)
            guard copiedSize == file.bytes, copiedSHA == file.sha256 else {
                throw ArchiveError(
                    .checksumMismatch,
                    "\(file.key) reads back from \(destination.location) with \(copiedSize.map(String.init) ?? "no") bytes, "
                        + "SHA-256 \(copiedSHA ?? "none"); run migrate again")
            }
            report.filesCopied += 1
            report.bytesCopied += file.bytes
            logger.debug("copied", metadata: ["key": "\(file.key)", "bytes": "\(file.bytes)"])
            progress(report)
        }
        let known = Set(files.map(\.key))
        report.untracked = try await source.list(prefix: ArchiveLayout.recordingsFolder).filter { !known.contains($0) }
        logger.info(
            "storage migrated",
            metadata: [
                "copied": "\(report.filesCopied)", "present": "\(report.filesPresent)", "problems": "\(report.problems.count)",
                "untracked": "\(report.untracked.count)",
            ])
        return report
    }

    /// A file in `staging` with the key's bytes: a hard link to a local file, else a copy.
    private func stage(_ key: String) async throws -> String {
        let staged = staging + "/.migrate-" + UUID().uuidString.prefix(12) + "-" + (key as NSString).lastPathComponent
        if let path = source.localPath(of: key), link(path, staged) == 0 {
            return staged
        }
        // A store elsewhere: its bytes through memory (the archive's files are minutes of audio).
        let bytes = try await source.readAll(key: key)
        try await BlockingExecutor.shared.run { _ = try FileOperations.write(Data(bytes), to: staged) }
        return staged
    }
}
