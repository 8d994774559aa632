import Essentials
import Foundation
import GRDB
public import Logging

/// Re-hashes every stored file against the catalog and reports drift.
///
/// Reports files the catalog lists that are missing, have another size or another SHA-256, and
/// files under `recordings/` that the catalog does not list (transcripts, `*.transcript.json`,
/// are left to their own module), and files that cannot be read. Nothing is changed.
///
/// ```swift
/// let report = try await Verifier(home: "/srv/callvault", catalog: catalog).run()
/// for issue in report.issues { print(issue.kind, issue.relativePath) }
/// ```
public struct Verifier: Sendable {
    /// Where the tree is.
    public let layout: ArchiveLayout
    /// The catalog to check against.
    public let catalog: Catalog
    /// Where the verifier logs.
    public var logger: Logger

    /// Creates a verifier.
    public init(home: String, catalog: Catalog, logger: Logger = Logger(label: "callvault.archive")) {
        self.layout = ArchiveLayout(home: home)
        self.catalog = catalog
        self.logger = logger
    }

    /// Checks every file.
    /// - Returns: The report.
    /// - Throws: ``ArchiveError`` when `recordings/` cannot be listed, or a GRDB `DatabaseError`.
    public func run() async throws -> VerificationReport {
        let catalog = self.catalog
        let files = try await catalog.database.read { db in try catalog.allFiles(in: db) }
        let layout = self.layout
        let report = try await BlockingExecutor.shared.run {
            var issues: [VerificationIssue] = []
            var hashed: Int64 = 0
            for file in files {
                let path = layout.absolutePath(file.relativePath)
                guard let size = FileOperations.size(of: path) else {
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
                    digest = try FileOperations.digest(of: path)
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
            for path in try TreeWalker.files(layout: layout) where !known.contains(path) && !TreeWalker.isTranscript(path) {
                issues.append(.init(kind: .untracked, relativePath: path))
            }
            issues.sort { ($0.relativePath, $0.kind.rawValue) < ($1.relativePath, $1.kind.rawValue) }
            return VerificationReport(filesChecked: files.count, bytesHashed: hashed, issues: issues)
        }
        logger.info("archive verified", metadata: ["files": "\(report.filesChecked)", "issues": "\(report.issues.count)"])
        return report
    }
}
