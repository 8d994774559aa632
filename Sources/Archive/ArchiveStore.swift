import Crypto
public import Essentials
public import Foundation
public import JobQueue
public import Logging
public import Media

/// Files recordings into the archive storage and records them in the catalog.
///
/// Every file is staged under `$CALLVAULT_HOME/tmp/` (copied while hashed, fsynced), then put
/// under its key (``ArchiveLayout``'s relative path) in the ``ArchiveStorage``: audio, original,
/// and the sidecar last, so a sidecar in the archive means the set is complete. Then one catalog
/// unit of work records the `files`, moves the recording to `archived` and enqueues the
/// follow-up jobs. A crash at any point leaves nothing half-written under a key; filing again
/// completes the set (puts replace).
///
/// ```swift
/// let store = ArchiveStore(configuration: configuration, catalog: catalog, storage: LocalArchiveStorage(root: home))
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
    public let catalog: any CatalogStore
    /// Where the files are put.
    public let storage: any ArchiveStorage
    /// Serializes filings of one recording.
    public let locks: any RecordingLocks
    /// Where time comes from.
    public let clock: any TimeSource
    /// Where the store logs.
    public var logger: Logger

    /// Test hook: pretend the process dies at this point (no clean-up runs).
    var crashPoint: CrashPoint?

    enum CrashPoint: Sendable { case beforeRename, afterAudioRename }
    struct SimulatedCrash: Error {}

    /// Creates a store.
    /// - Parameters:
    ///   - configuration: Home (staging in `tmp/`), time zone of the date folders, keep-original.
    ///   - catalog: The catalog.
    ///   - storage: Where files go; default the local tree under the home.
    ///   - locks: Filing locks; default `flock` files in `tmp/`.
    ///   - clock: Where time comes from.
    ///   - logger: Where to log.
    public init(
        configuration: ArchiveConfiguration, catalog: any CatalogStore, storage: (any ArchiveStorage)? = nil,
        locks: (any RecordingLocks)? = nil, clock: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "callvault.archive")
    ) {
        self.layout = ArchiveLayout(home: configuration.home, timeZone: configuration.timeZone)
        self.keepOriginal = configuration.keepOriginal
        self.catalog = catalog
        self.storage = storage ?? LocalArchiveStorage(root: configuration.home)
        self.locks = locks ?? FileRecordingLocks(directory: layout.tmpDirectory)
        self.clock = clock
        self.logger = logger
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
    ///   - followUps: Jobs that commit with the filing (validated with ``JobQueue/prepared(_:)``).
    public func file(
        recording: RecordingEntry, call: CallEntry, receivedPath: String, normalizedPath: String?,
        normalization: NormalizationRecord?, receivedSHA256: String, followUps: [JobRequest] = []
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
        // Holding the recording's filing lock from reading the catalog to committing the files.
        return try await locks.withLock(recordingId: recording.id) {
            try await fileLocked(
                recording: recording, call: call, receivedPath: receivedPath, normalizedPath: normalizedPath,
                normalization: normalization, expectedSHA: expectedSHA, followUps: followUps)
        }
    }

    private func fileLocked(
        recording: RecordingEntry, call: CallEntry, receivedPath: String, normalizedPath: String?,
        normalization: NormalizationRecord?, expectedSHA: String, followUps: [JobRequest]
    ) async throws -> ArchivedRecording {
        // 1. Make sure the catalog knows the call and the recording; read what it has.
        guard let known = try await catalog.beginFiling(call: call, recording: recording) else {
            throw ArchiveError(.notFound, "recording \(recording.id) or its call was removed from the catalog while filing")
        }

        // 2. Already filed with these bytes and intact: nothing to do.
        if known.recording.state == .archived, !known.files.isEmpty {
            if let stored = known.recording.receivedSHA256, stored != expectedSHA {
                throw ArchiveError(
                    .conflict,
                    "recording \(recording.id) is already archived with different received bytes (sha256 \(stored))")
            }
            var intact = true
            for file in known.files where intact {
                intact = (try? await StorageDigest.of(key: file.relativePath, in: storage))
                    == FileOperations.Digest(bytes: file.bytes, sha256: file.sha256)
            }
            if intact, let result = Self.archived(from: known.files, recording: known.recording) {
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

        // 4. Stage in tmp/ (blocking, off the cooperative pool), then put under the keys, sidecar last.
        let archivedAt = clock.nowMillis()
        let plan = FilingPlan(
            layout: layout, keepOriginal: keepOriginal, recording: known.recording, call: call,
            receivedPath: receivedPath, audioSource: normalization != nil ? (normalizedPath ?? receivedPath) : receivedPath,
            audioExtension: audioExtension, originalExtension: originalExtension, normalization: normalization,
            expectedSHA256: expectedSHA, callTimestamps: (known.callFirstSeenAt, known.callUpdatedAt),
            recordingCreatedAt: known.recordingCreatedAt, archivedAt: archivedAt)
        let staged = try await BlockingExecutor.shared.run { try plan.stage() }
        if crashPoint == .beforeRename { throw SimulatedCrash() }
        do {
            try await storage.put(localFile: staged.audio.path, key: staged.audio.file.relativePath, sha256: staged.audio.file.sha256)
            if crashPoint == .afterAudioRename { throw SimulatedCrash() }
            if let original = staged.original {
                try await storage.put(localFile: original.path, key: original.file.relativePath, sha256: original.file.sha256)
            }
            try await storage.put(localFile: staged.sidecar.path, key: staged.sidecar.file.relativePath, sha256: staged.sidecar.file.sha256)
        } catch let error as SimulatedCrash {
            throw error
        } catch {
            for path in staged.temporaries { unlink(path) }
            throw error
        }
        let result = ArchivedRecording(
            recordingId: recording.id, audio: staged.audio.file, original: staged.original?.file, sidecar: staged.sidecar.file,
            receivedBytes: staged.receivedBytes, receivedSHA256: staged.receivedSHA256, alreadyArchived: false)

        // 5. One unit of work: the files, the state and the follow-up jobs.
        try await catalog.completeFiling(result, archivedAt: archivedAt, followUps: followUps)

        // 6. Files of an earlier, damaged set that the new set does not reuse.
        let stale = Set(known.files.map(\.relativePath)).subtracting(result.files.map(\.relativePath))
        for key in stale { try? await storage.delete(key: key) }

        logger.info(
            "recording archived",
            metadata: [
                "recording": "\(recording.id)", "path": "\(result.audio.relativePath)",
                "original": "\(result.original?.relativePath ?? "-")", "bytes": "\(result.audio.bytes)",
            ])
        return result
    }

    /// Removes partial files this store left in `tmp/` (after a crash) older than `age` seconds.
    ///
    /// Ages compare the files' modification times, which the kernel sets from the wall clock, with
    /// the wall clock (not the store's ``clock``).
    /// - Returns: How many files were removed.
    @discardableResult
    public func removeStaleTemporaryFiles(olderThan age: TimeInterval = 3600) async throws -> Int {
        let directory = layout.tmpDirectory
        let limit = Date().addingTimeInterval(-age)
        return try await BlockingExecutor.shared.run {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            var removed = 0
            for name in names where name.hasPrefix(FilingPlan.temporaryPrefix) && !name.hasPrefix(FileRecordingLocks.prefix) {
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
}
