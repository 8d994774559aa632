import Essentials
public import Foundation
import GRDB
import JobQueue
public import Logging
public import Media

/// Files recordings into the storage tree and records them in the catalog.
///
/// Every file is written under `$CALLVAULT_HOME/tmp/` (same file system as `recordings/`),
/// fsynced, renamed into its date folder, and the folder fsynced; the sidecar goes last, so a
/// sidecar in `recordings/` means the set is complete. Then one catalog transaction records the
/// `files` rows and moves the recording to `archived`. A crash at any point leaves nothing
/// half-written in `recordings/`; filing again completes the set (renames replace).
///
/// ```swift
/// let store = ArchiveStore(home: "/srv/callvault", catalog: catalog)
/// let filed = try await store.file(
///     recording: recording, call: call, receivedPath: download, normalizedPath: normalized,
///     normalization: record, receivedSHA256: sha)
/// print(filed.audio.relativePath)   // recordings/2025/01/06/20250106T103000Z_recording_1662272004.mp3
/// ```
///
/// The inputs (`receivedPath`, `normalizedPath`) are copied, never moved: the caller removes them
/// after a successful filing.
public struct ArchiveStore: Sendable {
    /// Where things go.
    public let layout: ArchiveLayout
    /// Keep the received bytes as `{stem}.original.{ext}` when normalization changed them.
    public let keepOriginal: Bool
    /// The catalog the files are recorded in.
    public let catalog: Catalog
    /// Where the store logs.
    public var logger: Logger

    /// Test hook: pretend the process dies at this point (no clean-up runs).
    var crashPoint: CrashPoint?

    enum CrashPoint: Sendable { case beforeRename, afterAudioRename }
    struct SimulatedCrash: Error {}

    /// Creates a store.
    /// - Parameters:
    ///   - home: `CALLVAULT_HOME`.
    ///   - timeZone: The zone of the date folders (`CALLVAULT_TIMEZONE`).
    ///   - keepOriginal: Keep received bytes beside a transcoded file (`CALLVAULT_KEEP_ORIGINAL`).
    ///   - catalog: The catalog.
    ///   - logger: Where to log.
    public init(
        home: String, timeZone: TimeZone = .utc, keepOriginal: Bool = true, catalog: Catalog,
        logger: Logger = Logger(label: "callvault.archive")
    ) {
        self.layout = ArchiveLayout(home: home, timeZone: timeZone)
        self.keepOriginal = keepOriginal
        self.catalog = catalog
        self.logger = logger
    }

    /// Creates a store from an ``ArchiveConfiguration``.
    public init(configuration: ArchiveConfiguration, catalog: Catalog, logger: Logger = Logger(label: "callvault.archive")) {
        self.init(
            home: configuration.home, timeZone: configuration.timeZone, keepOriginal: configuration.keepOriginal,
            catalog: catalog, logger: logger)
    }

    /// Files one recording: audio, original (when kept) and sidecar, then the catalog.
    ///
    /// The call and the recording are upserted first (so the store works on an empty catalog).
    /// If the recording is already archived with the same received bytes and its files are intact,
    /// nothing is written and the existing files are returned (``ArchivedRecording/alreadyArchived``).
    ///
    /// - Parameters:
    ///   - recording: The recording (its `id` names the files).
    ///   - call: Its call (its start time places the files).
    ///   - receivedPath: The bytes as downloaded.
    ///   - normalizedPath: The normalizer's output, when normalization ran.
    ///   - normalization: The normalizer's record; its `outputExtension` is the audio's extension.
    ///     When `nil`, the received file is stored as is and its format is probed.
    ///   - receivedSHA256: SHA-256 (hex) of the received bytes, as the download computed it.
    /// - Returns: The stored files.
    /// - Throws: ``ArchiveError``: `.diskFull` (nothing left in `recordings/`; retry after freeing
    ///   space), `.checksumMismatch`, `.conflict` (archived before with other bytes),
    ///   `.invalidArgument`, `.unsupportedFormat`, `.ioFailed`; or a GRDB `DatabaseError`.
    public func file(
        recording: RecordingEntry, call: CallEntry, receivedPath: String, normalizedPath: String?,
        normalization: NormalizationRecord?, receivedSHA256: String
    ) async throws -> ArchivedRecording {
        guard ArchiveLayout.isValidRecordingId(recording.id) else {
            throw ArchiveError(.invalidArgument, "recording id \(recording.id) cannot be used in a file name")
        }
        guard recording.callId == call.id else {
            throw ArchiveError(.invalidArgument, "recording \(recording.id) belongs to call \(recording.callId), not \(call.id)")
        }
        if let normalization, normalization.action != .kept, normalizedPath == nil {
            throw ArchiveError(
                .invalidArgument,
                "recording \(recording.id) was \(normalization.action.rawValue) but no normalized file was given")
        }
        let expectedSHA = receivedSHA256.lowercased()
        let catalog = self.catalog

        // 1. Make sure the catalog knows the call and the recording; then, holding the
        //    recording's filing lock until the commit, read what the catalog has.
        try await catalog.database.write { db in
            _ = try catalog.upsertCall(call, in: db)
            _ = try catalog.upsertRecording(recording, in: db)
        }
        let lock = try await FilingLock.acquire(recordingId: recording.id, layout: layout)
        defer { withExtendedLifetime(lock) {} }
        let read = try await catalog.database.read { db -> KnownState? in
            guard let current = try catalog.recording(recording.id, in: db),
                let callTimestamps = try catalog.callTimestamps(call.id, in: db),
                let createdAt = try catalog.recordingCreatedAt(recording.id, in: db)
            else { return nil }
            return KnownState(
                recording: current, files: try catalog.files(recordingId: recording.id, in: db),
                callTimestamps: callTimestamps, recordingCreatedAt: createdAt)
        }
        guard let known = read else {
            throw ArchiveError(.notFound, "recording \(recording.id) or its call was removed from the catalog while filing")
        }

        // 2. Already filed with these bytes and intact: nothing to do.
        if known.recording.state == .archived, !known.files.isEmpty {
            if let stored = known.recording.receivedSHA256, stored != expectedSHA {
                throw ArchiveError(
                    .conflict,
                    "recording \(recording.id) is already archived with different received bytes (sha256 \(stored))")
            }
            let layout = self.layout
            let files = known.files
            let intact = try await BlockingExecutor.shared.run {
                files.allSatisfy { file in
                    (try? FileOperations.digest(of: layout.absolutePath(file.relativePath)))
                        == FileOperations.Digest(bytes: file.bytes, sha256: file.sha256)
                }
            }
            if intact, let result = Self.archived(from: files, recording: known.recording) {
                return result
            }
            logger.warning("archived files damaged or missing; filing again", metadata: ["recording": "\(recording.id)"])
        }

        // 3. The audio's format: from the normalization record, or probed.
        let audioExtension: String
        let originalExtension: String
        if let normalization {
            audioExtension = normalization.outputExtension
            originalExtension = Self.fileExtension(forFormat: normalization.before.probe.formatName)
        } else {
            let probe: ProbeResult
            do {
                probe = try await MediaProbe(logger: logger).probe(path: receivedPath)
            } catch let error as MediaError {
                throw ArchiveError(.unsupportedFormat, "cannot tell the format of \(receivedPath): \(error.message)")
            }
            audioExtension = Self.fileExtension(forFormat: probe.formatName)
            originalExtension = audioExtension
        }
        for ext in [audioExtension, originalExtension] where !["mp3", "wav"].contains(ext) {
            throw ArchiveError(.unsupportedFormat, "recording \(recording.id) is \(ext); the archive stores mp3 or wav")
        }

        // 4. Write, sync and rename (blocking, off the cooperative pool).
        let plan = FilingPlan(
            layout: layout, keepOriginal: keepOriginal, recording: known.recording, call: call,
            receivedPath: receivedPath, audioSource: normalization != nil ? (normalizedPath ?? receivedPath) : receivedPath,
            audioExtension: audioExtension, originalExtension: originalExtension, normalization: normalization,
            expectedSHA256: expectedSHA, callTimestamps: known.callTimestamps,
            recordingCreatedAt: known.recordingCreatedAt, archivedAt: Millis.now(), crashPoint: crashPoint)
        let result = try await BlockingExecutor.shared.run { try plan.execute() }

        // 5. One transaction: the files and the state.
        try await catalog.database.write { db in
            try catalog.replaceFiles(recordingId: recording.id, with: result.files, in: db)
            try db.execute(
                sql: """
                    UPDATE recordings SET state = 'archived', received_bytes = ?, received_sha256 = ?, tmp_path = NULL,
                        last_error = NULL, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [result.receivedBytes, result.receivedSHA256, plan.archivedAt, recording.id])
        }

        // 6. Files of an earlier, damaged set that the new set does not reuse.
        let stale = Set(known.files.map(\.relativePath)).subtracting(result.files.map(\.relativePath))
        for path in stale { unlink(layout.absolutePath(path)) }

        logger.info(
            "recording archived",
            metadata: [
                "recording": "\(recording.id)", "path": "\(result.audio.relativePath)",
                "original": "\(result.original?.relativePath ?? "-")", "bytes": "\(result.audio.bytes)",
            ])
        return result
    }

    /// Removes partial files this store left in `tmp/` (after a crash) older than `age` seconds.
    /// - Returns: How many files were removed.
    @discardableResult
    public func removeStaleTemporaryFiles(olderThan age: TimeInterval = 3600) async throws -> Int {
        let directory = layout.tmpDirectory
        return try await BlockingExecutor.shared.run {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            var removed = 0
            let limit = Date().addingTimeInterval(-age)
            for name in names where name.hasPrefix(FilingPlan.temporaryPrefix) && !name.hasPrefix(FilingLock.prefix) {
                let path = directory + "/" + name
                let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
                if let modified, modified < limit, unlink(path) == 0 { removed += 1 }
            }
            return removed
        }
    }

    /// `mp3`, `wav`, … for a libavformat demuxer name.
    static func fileExtension(forFormat name: String) -> String {
        String(name.split(separator: ",").first ?? Substring(name))
    }

    static func archived(from files: [StoredFile], recording: RecordingEntry) -> ArchivedRecording? {
        guard let audio = files.first(where: { $0.role == .audio }),
            let sidecar = files.first(where: { $0.role == .sidecar })
        else { return nil }
        return ArchivedRecording(
            recordingId: recording.id, audio: audio, original: files.first { $0.role == .original }, sidecar: sidecar,
            receivedBytes: recording.receivedBytes ?? audio.bytes, receivedSHA256: recording.receivedSHA256 ?? audio.sha256,
            alreadyArchived: true)
    }

    private struct KnownState: Sendable {
        var recording: RecordingEntry
        var files: [StoredFile]
        var callTimestamps: (firstSeenAt: Int64, updatedAt: Int64)
        var recordingCreatedAt: Int64
    }
}
