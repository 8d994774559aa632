public import Archive
public import Essentials
import Foundation
public import Logging
import Transcripts

/// The one path by which callvault deletes customer data on purpose: retention and erasure both
/// plan with it and run ``execute(_:actor:progress:)``.
///
/// A run is crash-safe in three steps: (1) the selected recordings are marked in the catalog,
/// in one unit of work that re-checks the legal holds; (2) their files are removed through the
/// ``ArchiveStorage`` (audio, kept original, sidecar, transcript sidecar, a waiting download);
/// (3) their rows are deleted (recording, files, transcript, segments and index entries, jobs,
/// the call once it has no recording left). Then the deleted text is purged from the database
/// file. A run killed anywhere leaves marked recordings, which the next run (of either kind)
/// finishes before its own; no row ever points at a file removed without it being marked, and
/// nothing unmarked is touched.
///
/// ```swift
/// let eraser = RecordingEraser(store: backend.compliance, storage: storage, audit: backend.audit, …)
/// let plan = try await eraser.planRetention(olderThanDays: 365)
/// let report = try await eraser.execute(plan, actor: "cli:alice")
/// ```
public struct RecordingEraser: Sendable {
    /// Holds, marks and rows.
    public let store: any ComplianceStore
    /// Where the files are.
    public let storage: any ArchiveStorage
    /// Serializes the deletion of a recording's files with a filing of the same recording.
    public let locks: any RecordingLocks
    /// Where each deletion is recorded; `nil` records nothing.
    public let audit: (any AuditLog)?
    /// The country of national phone numbers.
    public let country: PhoneCountry
    /// Hashes erased numbers for the audit.
    public let phoneDigest: PhoneDigest
    /// Where time comes from.
    public let clock: any TimeSource
    /// Called at each ``DeletionStep`` (the crash test hook); does nothing by default.
    public var checkpoint: @Sendable (DeletionStep) -> Void
    /// Recordings whose files are removed before their rows go, in one unit of work.
    public var batchSize: Int
    /// Where the eraser logs.
    public var logger: Logger

    /// Creates an eraser.
    public init(
        store: any ComplianceStore, storage: any ArchiveStorage, locks: any RecordingLocks, audit: (any AuditLog)?,
        country: PhoneCountry = .us, phoneDigest: PhoneDigest, clock: any TimeSource, batchSize: Int = 256,
        checkpoint: @escaping @Sendable (DeletionStep) -> Void = { _ in }, logger: Logger = Logger(label: "callvault.compliance")
    ) {
        self.store = store
        self.storage = storage
        self.locks = locks
        self.audit = audit
        self.country = country
        self.phoneDigest = phoneDigest
        self.clock = clock
        self.batchSize = max(1, batchSize)
        self.checkpoint = checkpoint
        self.logger = logger
    }

    // MARK: - Planning

    /// Every recording whose call started more than `days` days (fractions allowed) before now,
    /// compared as UTC instants, so time zones and daylight saving never matter.
    /// - Throws: ``ComplianceError`` `.invalidArgument` for a negative or non-finite age.
    public func planRetention(olderThanDays days: Double) async throws -> DeletionPlan {
        guard days.isFinite, days >= 0, days < 1_000_000 else {
            throw ComplianceError(.invalidArgument, "--older-than must be a number of days, 0 or more (fractions allowed), not \(days)")
        }
        let cutoff = clock.nowMillis() - Int64((days * 86_400_000).rounded())
        let candidates = try await store.candidates(callStartedBefore: cutoff)
        let (selected, held) = try await partition(candidates)
        return DeletionPlan(purpose: .retention, selected: selected, held: held, cutoffMillis: cutoff)
    }

    /// Every recording of a call with the party `phone` (written any way).
    /// - Throws: ``ComplianceError`` `.invalidArgument` when `phone` is not a phone number.
    public func planErasure(phone: String) async throws -> DeletionPlan {
        let number = try PhoneNumber.e164(phone, country: country)
        let suffix = String(number.suffix(7))
        let candidates = try await store.candidates(partyDigitsEndingWith: suffix).filter { candidate in
            parties(candidate).contains(number)
        }
        let (selected, held) = try await partition(candidates)
        return DeletionPlan(purpose: .erasure, selected: selected, held: held, phoneDigest: phoneDigest.digest(e164: number))
    }

    /// The recordings with these ids.
    /// - Throws: ``ComplianceError`` `.invalidArgument` for an id that cannot be a recording id.
    public func planErasure(recordingIds: [String]) async throws -> DeletionPlan {
        for id in recordingIds where !ArchiveLayout.isValidRecordingId(id) {
            throw ComplianceError(.invalidArgument, "\"\(id)\" is not a recording id (letters, digits, - and _)")
        }
        let candidates = try await store.candidates(recordingIds: recordingIds)
        let known = Set(candidates.map(\.recordingId))
        let (selected, held) = try await partition(candidates)
        var seen = Set<String>()
        let missing = recordingIds.filter { !known.contains($0) && seen.insert($0).inserted }
        return DeletionPlan(purpose: .erasure, selected: selected, held: held, notFound: missing)
    }

    /// The parties of a candidate's call in E.164 form.
    func parties(_ candidate: DeletionCandidate) -> [String?] {
        [PhoneNumber.e164OrNil(candidate.fromNumber, country: country), PhoneNumber.e164OrNil(candidate.toNumber, country: country)]
    }

    /// Splits candidates into those to delete and those a hold keeps.
    func partition(_ candidates: [DeletionCandidate]) async throws -> ([DeletionCandidate], [HeldRecording]) {
        let holds = try await store.holds()
        var selected: [DeletionCandidate] = []
        var held: [HeldRecording] = []
        for candidate in candidates {
            if let hold = Self.hold(covering: candidate, holds: holds, parties: parties(candidate)) {
                held.append(HeldRecording(recordingId: candidate.recordingId, hold: hold))
            } else {
                selected.append(candidate)
            }
        }
        return (selected, held)
    }

    static func hold(covering candidate: DeletionCandidate, holds: [LegalHold], parties: [String?]) -> LegalHold? {
        holds.first { $0.covers(recordingId: candidate.recordingId, parties: parties) }
    }

    // MARK: - Execution

    /// What ``execute(_:actor:progress:)`` would delete, changing nothing: the plan's
    /// recordings, and those an interrupted run marked, which a real run finishes first.
    public func preview(_ plan: DeletionPlan) async throws -> DeletionReport {
        let selected = Set(plan.selected.map(\.recordingId))
        let earlier = try await store.markedForDeletion().filter { !selected.contains($0.recordingId) }
        return DeletionReport(plan: plan, dryRun: true, resumed: earlier.map(\.recordingId))
    }

    /// Deletes what `plan` selected (and finishes what an interrupted run marked).
    /// - Parameters:
    ///   - actor: Who runs it, for the audit (`cli:alice`, `job:retention`).
    ///   - progress: Told `(done, total)` after each batch.
    /// - Returns: What was deleted; recordings held meanwhile are reported as held.
    public func execute(
        _ plan: DeletionPlan, actor: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> DeletionReport {
        let now = clock.nowMillis()
        let selectedIds = Set(plan.selected.map(\.recordingId))
        let earlier = try await store.markedForDeletion().filter { !selectedIds.contains($0.recordingId) }
        let country = self.country
        let marked = try await store.markForDeletion(plan.selected.map(\.recordingId), reason: plan.purpose.rawValue, at: now) {
            candidates, holds in
            Set(candidates.filter { candidate in
                let parties = [PhoneNumber.e164OrNil(candidate.fromNumber, country: country), PhoneNumber.e164OrNil(candidate.toNumber, country: country)]
                return Self.hold(covering: candidate, holds: holds, parties: parties) != nil
            }.map(\.recordingId))
        }
        let markedSet = Set(marked)
        var plan = plan
        let refusedNow = plan.selected.filter { !markedSet.contains($0.recordingId) }
        if !refusedNow.isEmpty {
            // A hold placed between planning and marking.
            let holds = try await store.holds()
            for candidate in refusedNow {
                if let hold = Self.hold(covering: candidate, holds: holds, parties: parties(candidate)) {
                    plan.held.append(HeldRecording(recordingId: candidate.recordingId, hold: hold))
                }
            }
        }
        let work = earlier + plan.selected.filter { markedSet.contains($0.recordingId) }
        checkpoint(.marked)

        var deleted: [DeletionCandidate] = []
        var firstFile = true
        var firstBatch = true
        for start in stride(from: 0, to: work.count, by: batchSize) {
            let batch = Array(work[start..<min(work.count, start + batchSize)])
            for candidate in batch {
                let checkpoint = self.checkpoint
                var afterFirst: (@Sendable () -> Void)?
                if firstFile { afterFirst = { @Sendable in checkpoint(.fileRemoved) } }
                try await removeFiles(of: candidate, afterFirst: afterFirst)
                firstFile = firstFile && candidate.keys.isEmpty
            }
            let removed = Set(try await store.deleteRecordings(batch.map(\.recordingId)))
            let done = batch.filter { removed.contains($0.recordingId) }
            deleted += done
            try await recordDeletions(done, purpose: plan.purpose, actor: actor)
            if firstBatch {
                firstBatch = false
                checkpoint(.rowsDeleted)
            }
            progress?(min(work.count, start + batch.count), work.count)
        }
        checkpoint(.beforePurge)
        let purge = deleted.isEmpty ? nil : try await store.purgeDeletedText()
        let resumedIds = Set(earlier.map(\.recordingId))
        let report = DeletionReport(
            plan: plan, dryRun: false, deleted: deleted.filter { !resumedIds.contains($0.recordingId) },
            resumed: earlier.map(\.recordingId), index: purge)
        try await recordRun(report, plan: plan, actor: actor)
        logger.info(
            "recordings deleted",
            metadata: [
                "purpose": "\(plan.purpose.rawValue)", "count": "\(report.count)", "bytes": "\(report.bytes)",
                "held": "\(report.held.count)", "resumed": "\(report.resumed.count)",
            ])
        return report
    }

    /// Removes every file of a marked recording: the catalog's keys, the transcript sidecar beside
    /// the audio (also when the catalog never recorded it), and a download waiting in `tmp/`.
    func removeFiles(of candidate: DeletionCandidate, afterFirst: (@Sendable () -> Void)?) async throws {
        var keys = candidate.keys
        for key in candidate.keys where !ArchiveLayout.isTranscript(key) && !ArchiveLayout.isSidecar(key) && !key.contains(".original.") {
            keys.append(TranscriptSidecar.key(forAudioKey: key))
        }
        let unique = Array(Set(keys)).sorted()
        let storage = self.storage
        try await locks.withLock(recordingId: candidate.recordingId) {
            for (index, key) in unique.enumerated() {
                try await storage.delete(key: key)
                if index == 0 { afterFirst?() }
            }
        }
        if let tmp = candidate.tmpPath {
            _ = try? await BlockingExecutor.shared.run { unlink(tmp) }
        }
    }

    /// One audit entry per deleted recording.
    private func recordDeletions(_ done: [DeletionCandidate], purpose: DeletionPlan.Purpose, actor: String) async throws {
        guard let audit, !done.isEmpty else { return }
        let at = clock.nowMillis()
        let action: AuditAction = purpose == .retention ? .retentionDelete : .eraseDelete
        try await audit.append(
            done.map { candidate in
                AuditEvent(
                    at: at, action: action, actor: actor, recordingId: candidate.recordingId,
                    // The recording id and the call's time say what went; the call's own id is
                    // left out, so nothing of an erased call but its recording id stays behind.
                    details: [
                        "callStart": Millis.iso8601(candidate.callStartMillis), "bytes": "\(candidate.bytes)",
                        "files": "\(candidate.keys.count)",
                    ])
            })
    }

    /// The run's summary entry (and one entry per refusal).
    private func recordRun(_ report: DeletionReport, plan: DeletionPlan, actor: String) async throws {
        guard let audit else { return }
        let at = clock.nowMillis()
        var details: [String: String] = [
            "count": "\(report.count)", "bytes": "\(report.bytes)", "held": "\(report.held.count)", "resumed": "\(report.resumed.count)",
        ]
        if let cutoff = report.cutoff { details["cutoff"] = cutoff }
        if let digest = plan.phoneDigest { details["phone"] = digest }
        if !report.notFound.isEmpty { details["notFound"] = report.notFound.joined(separator: ",") }
        if let index = report.index { details["freePages"] = "\(index.freePagesAfter)" }
        var events = [AuditEvent(at: at, action: plan.purpose == .retention ? .retention : .erase, actor: actor, details: details)]
        for held in report.held {
            events.append(
                AuditEvent(
                    at: at, action: .refused, actor: actor, recordingId: held.recordingId,
                    details: ["purpose": plan.purpose.rawValue, "hold": "\(held.holdId)", "reason": held.reason]))
        }
        try await audit.append(events)
    }
}
