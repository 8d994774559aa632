import Crypto
public import Essentials
import Foundation
public import Logging
public import Transcripts

/// Rebuilds the catalog's calls, recordings and files from the sidecars alone.
///
/// Lists `recordings/` in the storage, parses each `{stem}.json`, checks that the files it lists
/// exist with the sizes it records, and hands the calls, recordings (state `archived`,
/// timestamps from the sidecar) and files to the catalog in one unit of work. Sidecars whose set
/// is incomplete are skipped and reported. Recordings the catalog had as archived without a
/// complete set lose their files and become `failed`. Hashes are not recomputed here;
/// ``Verifier`` does that.
///
/// ```swift
/// let report = try await Reindexer(catalog: catalog, storage: LocalArchiveStorage(root: home)).run()
/// ```
public struct Reindexer: Sendable {
    /// The catalog to rebuild.
    public let catalog: any CatalogStore
    /// Where transcripts are catalogued; `nil` leaves them out.
    public let transcripts: (any TranscriptCatalog)?
    /// Where the files are.
    public let storage: any ArchiveStorage
    /// Where time comes from.
    public let clock: any TimeSource
    /// Where the reindexer logs.
    public var logger: Logger

    /// Creates a reindexer.
    public init(
        catalog: any CatalogStore, transcripts: (any TranscriptCatalog)? = nil, storage: any ArchiveStorage,
        clock: any TimeSource = SystemTimeSource(), logger: Logger = Logger(label: "callvault.archive")
    ) {
        self.catalog = catalog
        self.transcripts = transcripts
        self.storage = storage
        self.clock = clock
        self.logger = logger
    }

    /// Rebuilds the catalog from the sidecars.
    /// - Returns: Counts and the sidecars that could not be used.
    /// - Throws: ``ArchiveError`` when `recordings/` cannot be listed, or the catalog's error.
    public func run() async throws -> ReindexReport {
        let keys = try await storage.list(prefix: ArchiveLayout.recordingsFolder)
        let sidecars = keys.filter(ArchiveLayout.isSidecar)
        var entries: [ReindexEntry] = []
        var problems: [ReindexReport.Problem] = []
        var seen: [String: String] = [:]
        for key in sidecars {
            do {
                let entry = try await entry(sidecar: key)
                if let other = seen[entry.sidecar.recording.id] {
                    throw ArchiveError(.conflict, "recording \(entry.sidecar.recording.id) is already indexed from \(other)")
                }
                seen[entry.sidecar.recording.id] = key
                entries.append(entry)
            } catch let error as ArchiveError {
                problems.append(.init(path: key, message: error.message))
            } catch {
                problems.append(.init(path: key, message: "\(error)"))
            }
        }
        let missing = try await catalog.rebuild(from: entries, now: clock.nowMillis())
        var report = ReindexReport()
        if let transcripts {
            let indexed = Set(entries.map(\.sidecar.recording.id))
            for key in keys where ArchiveLayout.isTranscript(key) {
                do {
                    let bytes = try await storage.readAll(key: key)
                    let sidecar = try TranscriptSidecar.decode(bytes, path: key)
                    guard indexed.contains(sidecar.recordingId) else {
                        throw ArchiveError(.notFound, "its recording \(sidecar.recordingId) has no complete set in recordings/")
                    }
                    let file = TranscriptFile(
                        relativePath: key, bytes: Int64(bytes.count), sha256: Hex.encode(SHA256.hash(data: bytes)))
                    _ = try await transcripts.replaceTranscript(
                        recordingId: sidecar.recordingId, transcript: sidecar.transcript, file: file)
                    report.transcriptsIndexed += 1
                } catch let error as ArchiveError {
                    problems.append(.init(path: key, message: error.message))
                } catch let error as TranscriptError {
                    problems.append(.init(path: key, message: error.message))
                }
            }
        }
        report.sidecarsFound = sidecars.count
        report.problems = problems
        report.recordingsIndexed = entries.count
        report.callsIndexed = Set(entries.map(\.sidecar.call.id)).count
        report.recordingsNotInTree = missing
        logger.info(
            "catalog rebuilt from sidecars",
            metadata: [
                "sidecars": "\(sidecars.count)", "recordings": "\(entries.count)", "problems": "\(problems.count)",
                "notInTree": "\(missing.count)",
            ])
        return report
    }

    private func entry(sidecar key: String) async throws -> ReindexEntry {
        let data = try await storage.readAll(key: key)
        let sidecar = try SidecarCoding.decode(Data(data), path: key)
        let created = sidecar.timestamps.archivedAt
        var files: [StoredFile] = []
        for file in sidecar.files {
            guard file.path.hasPrefix(ArchiveLayout.recordingsFolder + "/"), !file.path.contains("..") else {
                throw ArchiveError(.invalidSidecar, "lists \(file.path), which is outside recordings/")
            }
            guard let size = try await storage.size(of: file.path) else {
                throw ArchiveError(.notFound, "its \(file.role.rawValue) file \(file.path) is missing")
            }
            guard size == file.bytes else {
                throw ArchiveError(.invalidSidecar, "its \(file.role.rawValue) file \(file.path) has \(size) bytes, not \(file.bytes)")
            }
            files.append(
                StoredFile(
                    recordingId: sidecar.recording.id, role: file.role, relativePath: file.path, bytes: file.bytes,
                    sha256: file.sha256, format: file.format, createdAt: created))
        }
        guard files.contains(where: { $0.role == .audio }) else {
            throw ArchiveError(.invalidSidecar, "lists no audio file")
        }
        files.append(
            StoredFile(
                recordingId: sidecar.recording.id, role: .sidecar, relativePath: key, bytes: Int64(data.count),
                sha256: Hex.encode(SHA256.hash(data: data)), format: "json", createdAt: created))
        var fixed = sidecar
        fixed.recording.state = .archived
        return ReindexEntry(sidecar: fixed, files: files)
    }
}
