import Essentials
import Crypto
import Foundation
import GRDB
public import Logging

/// Rebuilds the catalog's `calls`, `recordings` and `files` tables from the sidecars alone.
///
/// Walks `recordings/`, parses each `{stem}.json`, checks that the files it lists exist with the
/// sizes it records, and writes the call, the recording (state `archived`, timestamps from the
/// sidecar) and the `files` rows in one transaction. Sidecars whose set is incomplete are skipped
/// and reported. Recordings the catalog had as archived without a complete set in the tree lose
/// their `files` rows and become `failed`. Hashes are not recomputed here; ``Verifier`` does that.
///
/// ```swift
/// let report = try await Reindexer(home: "/srv/callvault", catalog: catalog).run()
/// ```
public struct Reindexer: Sendable {
    /// Where the tree is.
    public let layout: ArchiveLayout
    /// The catalog to rebuild.
    public let catalog: Catalog
    /// Where the reindexer logs.
    public var logger: Logger

    /// Creates a reindexer.
    public init(home: String, catalog: Catalog, logger: Logger = Logger(label: "callvault.archive")) {
        self.layout = ArchiveLayout(home: home)
        self.catalog = catalog
        self.logger = logger
    }

    /// Rebuilds the catalog from the tree.
    /// - Returns: Counts and the sidecars that could not be used.
    /// - Throws: ``ArchiveError`` when `recordings/` cannot be listed, or a GRDB `DatabaseError`.
    public func run() async throws -> ReindexReport {
        let layout = self.layout
        let (entries, problems, found) = try await BlockingExecutor.shared.run { try Self.readTree(layout: layout) }
        var report = ReindexReport()
        report.sidecarsFound = found
        report.problems = problems
        let catalog = self.catalog
        let (calls, missing) = try await catalog.database.write { db -> (Int, [String]) in
            var calls = Set<String>()
            for entry in entries {
                let sidecar = entry.sidecar
                try catalog.insertCall(
                    sidecar.call, firstSeenAt: sidecar.timestamps.callFirstSeenAt,
                    updatedAt: sidecar.timestamps.callUpdatedAt, in: db)
                calls.insert(sidecar.call.id)
                try catalog.insertRecording(
                    sidecar.recording, createdAt: sidecar.timestamps.recordingCreatedAt,
                    updatedAt: sidecar.timestamps.archivedAt, in: db)
                try catalog.replaceFiles(recordingId: sidecar.recording.id, with: entry.files, in: db)
            }
            let indexed = Set(entries.map(\.sidecar.recording.id))
            let archived = try String.fetchAll(db, sql: "SELECT id FROM recordings WHERE state = 'archived' ORDER BY id")
            let missing = archived.filter { !indexed.contains($0) }
            for id in missing {
                try db.execute(sql: "DELETE FROM files WHERE recording_id = ?", arguments: [id])
                try db.execute(
                    sql: "UPDATE recordings SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
                    arguments: ["reindex: no complete set in recordings/", Int64(Date().timeIntervalSince1970 * 1000), id])
            }
            return (calls.count, missing)
        }
        report.recordingsIndexed = entries.count
        report.callsIndexed = calls
        report.recordingsNotInTree = missing
        logger.info(
            "catalog rebuilt from sidecars",
            metadata: [
                "sidecars": "\(found)", "recordings": "\(entries.count)", "problems": "\(problems.count)",
                "notInTree": "\(missing.count)",
            ])
        return report
    }

    private struct Entry: Sendable {
        var sidecar: RecordingSidecar
        var files: [StoredFile]
    }

    private static func readTree(layout: ArchiveLayout) throws -> ([Entry], [ReindexReport.Problem], Int) {
        let sidecars = try TreeWalker.files(layout: layout).filter(TreeWalker.isSidecar)
        var entries: [Entry] = []
        var problems: [ReindexReport.Problem] = []
        var seen: [String: String] = [:]
        for path in sidecars {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: layout.absolutePath(path)))
                let sidecar = try SidecarCoding.decode(data, path: path)
                let created = sidecar.timestamps.archivedAt
                var files: [StoredFile] = []
                for file in sidecar.files {
                    guard file.path.hasPrefix(ArchiveLayout.recordingsFolder + "/"), !file.path.contains("..") else {
                        throw ArchiveError(.invalidSidecar, "lists \(file.path), which is outside recordings/")
                    }
                    guard let size = FileOperations.size(of: layout.absolutePath(file.path)) else {
                        throw ArchiveError(.notFound, "its \(file.role.rawValue) file \(file.path) is missing")
                    }
                    guard size == file.bytes else {
                        throw ArchiveError(
                            .invalidSidecar, "its \(file.role.rawValue) file \(file.path) has \(size) bytes, not \(file.bytes)")
                    }
                    files.append(
                        StoredFile(
                            recordingId: sidecar.recording.id, role: file.role, relativePath: file.path, bytes: file.bytes,
                            sha256: file.sha256, format: file.format, createdAt: created))
                }
                guard files.contains(where: { $0.role == .audio }) else {
                    throw ArchiveError(.invalidSidecar, "lists no audio file")
                }
                if let other = seen[sidecar.recording.id] {
                    throw ArchiveError(.conflict, "recording \(sidecar.recording.id) is already indexed from \(other)")
                }
                seen[sidecar.recording.id] = path
                files.append(
                    StoredFile(
                        recordingId: sidecar.recording.id, role: .sidecar, relativePath: path, bytes: Int64(data.count),
                        sha256: FileOperations.hex(SHA256.hash(data: data)), format: "json", createdAt: created))
                var recording = sidecar.recording
                recording.state = .archived
                var fixed = sidecar
                fixed.recording = recording
                entries.append(Entry(sidecar: fixed, files: files))
            } catch let error as ArchiveError {
                problems.append(.init(path: path, message: error.message))
            } catch {
                problems.append(.init(path: path, message: "\(error)"))
            }
        }
        return (entries, problems, sidecars.count)
    }
}
