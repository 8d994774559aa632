public import Archive
import Crypto
public import Essentials
import Foundation
public import Transcripts
import ZIPFoundation

/// Writes recordings into one zip: per recording its audio, kept original, metadata sidecar and
/// transcript (the stored JSON sidecar, WebVTT and plain text), and at the root `manifest.json`
/// with every file's SHA-256 (hashed as it went into the zip).
///
/// Files are copied in bounded chunks through ZIPFoundation's provider closures, never read
/// whole into memory; the zip is written beside its destination and renamed into place when
/// complete, so a failed export leaves nothing at `output`.
public struct RecordingExporter: Sendable {
    /// Calls, recordings and files.
    public let catalog: any CatalogStore
    /// Transcripts.
    public let transcripts: any TranscriptCatalog
    /// Where the files are.
    public let storage: any ArchiveStorage
    /// Where remote files are staged (`$CALLVAULT_HOME/tmp`).
    public let temporaryDirectory: String
    /// Where time comes from.
    public let clock: any TimeSource

    /// Chunk size of the copies.
    static let chunkSize = 256 << 10

    /// Creates an exporter.
    public init(
        catalog: any CatalogStore, transcripts: any TranscriptCatalog, storage: any ArchiveStorage, temporaryDirectory: String,
        clock: any TimeSource
    ) {
        self.catalog = catalog
        self.transcripts = transcripts
        self.storage = storage
        self.temporaryDirectory = temporaryDirectory
        self.clock = clock
    }

    /// One entry to write: from a file on this machine, or from bytes in memory (small texts).
    struct Item: Sendable {
        var path: String
        var role: String
        var localFile: String?
        var bytes: [UInt8]?
    }

    /// Writes the zip of `recordingIds` to `output`.
    /// - Returns: The manifest written into it.
    /// - Throws: ``ComplianceError`` `.notFound` for a recording that is not archived,
    ///   `.invalidArgument` for a bad id, `.exportFailed` when the zip cannot be written.
    @discardableResult
    public func export(recordingIds: [String], to output: String) async throws -> ExportManifest {
        guard !recordingIds.isEmpty else { throw ComplianceError(.invalidArgument, "name at least one recording to export") }
        var items: [Item] = []
        var staged: [String] = []
        var manifestRecordings: [(id: String, callStart: String)] = []
        defer { for path in staged { unlink(path) } }
        for id in recordingIds {
            guard ArchiveLayout.isValidRecordingId(id) else {
                throw ComplianceError(.invalidArgument, "\"\(id)\" is not a recording id (letters, digits, - and _)")
            }
            guard let recording = try await catalog.recording(id), let call = try await catalog.call(recording.callId) else {
                throw ComplianceError(.notFound, "no recording \(id) in the catalog")
            }
            let files = try await catalog.files(recordingId: id)
            guard !files.isEmpty else { throw ComplianceError(.notFound, "recording \(id) is not archived (\(recording.state.rawValue))") }
            manifestRecordings.append((id, Millis.iso8601(call.startTimeMillis)))
            for file in files {
                let local = try await localFile(for: file.relativePath, staged: &staged)
                items.append(Item(path: "\(id)/" + (file.relativePath as NSString).lastPathComponent, role: file.role.rawValue, localFile: local))
            }
            if let stored = try await transcripts.storedTranscript(recordingId: id) {
                let local = try await localFile(for: stored.file.relativePath, staged: &staged)
                items.append(Item(path: "\(id)/transcript.json", role: "transcript-json", localFile: local))
                items.append(Item(path: "\(id)/transcript.vtt", role: "transcript-vtt", bytes: Array(TranscriptRenderer.vtt(stored.transcript).utf8)))
                items.append(Item(path: "\(id)/transcript.txt", role: "transcript-txt", bytes: Array(TranscriptRenderer.text(stored.transcript).utf8)))
            }
        }
        let createdAt = Millis.iso8601(clock.nowMillis())
        let modified = Millis.date(clock.nowMillis())
        let list = items
        let recordings = manifestRecordings
        return try await BlockingExecutor.shared.run {
            try Self.writeZip(items: list, recordings: recordings, createdAt: createdAt, modified: modified, to: output)
        }
    }

    /// A path on this machine with the key's bytes: the storage's own file, or a staged copy.
    private func localFile(for key: String, staged: inout [String]) async throws -> String {
        if let path = storage.localPath(of: key) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ComplianceError(.notFound, "\(key) is missing from the archive; run callvault verify")
            }
            return path
        }
        try FileManager.default.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
        let path = temporaryDirectory + "/.export-\(UUID().uuidString)"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ComplianceError(.exportFailed, "cannot stage \(key) in \(temporaryDirectory)") }
        staged.append(path)
        defer { close(fd) }
        try await storage.read(key: key, range: nil) { chunk in
            try await BlockingExecutor.shared.run {
                var offset = 0
                while offset < chunk.count {
                    let written = chunk[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                    guard written > 0 else {
                        throw ComplianceError(.exportFailed, "cannot stage \(key): \(String(cString: strerror(errno)))")
                    }
                    offset += written
                }
            }
        }
        return path
    }

    /// Builds the zip beside `output` and renames it into place.
    static func writeZip(
        items: [Item], recordings: [(id: String, callStart: String)], createdAt: String, modified: Date, to output: String
    ) throws -> ExportManifest {
        let partial = output + ".partial-\(UUID().uuidString.prefix(8))"
        defer { unlink(partial) }
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(url: URL(fileURLWithPath: partial), accessMode: .create)
        } catch {
            throw ComplianceError(.exportFailed, "cannot create \(partial): \(error)")
        }
        var written: [String: [ExportManifest.File]] = [:]
        for item in items {
            let id = String(item.path.prefix { $0 != "/" })
            var hasher = SHA256()
            var size: Int64 = 0
            let compress = item.role.hasPrefix("transcript") || item.role == "sidecar"
            do {
                if let data = item.bytes {
                    size = Int64(data.count)
                    hasher.update(data: data)
                    try archive.addEntry(
                        with: item.path, type: .file, uncompressedSize: size, modificationDate: modified,
                        compressionMethod: compress ? .deflate : .none, bufferSize: chunkSize
                    ) { position, count in
                        Data(data[Int(position)..<min(data.count, Int(position) + count)])
                    }
                } else if let path = item.localFile {
                    guard let handle = FileHandle(forReadingAtPath: path) else {
                        throw ComplianceError(.exportFailed, "cannot read \(path)")
                    }
                    defer { try? handle.close() }
                    size = Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
                    try archive.addEntry(
                        with: item.path, type: .file, uncompressedSize: size, modificationDate: modified,
                        compressionMethod: compress ? .deflate : .none, bufferSize: chunkSize
                    ) { position, count in
                        try handle.seek(toOffset: UInt64(position))
                        let chunk = try handle.read(upToCount: count) ?? Data()
                        hasher.update(data: chunk)
                        return chunk
                    }
                }
            } catch let error as ComplianceError {
                throw error
            } catch {
                throw ComplianceError(.exportFailed, "cannot add \(item.path) to the zip: \(error)")
            }
            let digest = Hex.encode(hasher.finalize())
            written[id, default: []].append(ExportManifest.File(path: item.path, role: item.role, bytes: size, sha256: digest))
        }
        let manifest = ExportManifest(
            version: 1, createdAt: createdAt,
            recordings: recordings.map { ExportManifest.Recording(id: $0.id, callStart: $0.callStart, files: written[$0.id] ?? []) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(manifest) + Data("\n".utf8)
        do {
            try archive.addEntry(
                with: "manifest.json", type: .file, uncompressedSize: Int64(json.count), modificationDate: modified,
                compressionMethod: .deflate
            ) { position, count in
                json.subdata(in: Int(position)..<min(json.count, Int(position) + count))
            }
        } catch {
            throw ComplianceError(.exportFailed, "cannot add manifest.json to the zip: \(error)")
        }
        let file = open(partial, O_RDONLY)
        if file >= 0 {
            fsync(file)
            close(file)
        }
        guard rename(partial, output) == 0 else {
            throw ComplianceError(.exportFailed, "cannot write \(output) (\(String(cString: strerror(errno))))")
        }
        return manifest
    }
}
