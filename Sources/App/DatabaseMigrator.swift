import Archive
import Compliance
import Essentials
import JobQueue
import Logging
import Pipeline
import Transcripts

/// Copies one application's database into another's (the embedded SQLite file into PostgreSQL),
/// through the stores' own protocols, so each side writes its rows its own way (PostgreSQL's
/// `tsvector`s and digit columns included).
///
/// Every step can run again: calls and recordings are merged with the catalog's never-downgrade
/// rule and an archived recording's files replaced as a unit, transcripts replaced
/// only by a newer version, holds matched before they are added, audit entries appended only
/// after the target's last one (and refused when the chains diverge), waiting jobs enqueued
/// under their idempotency key (or `migrated:{source id}`), so an interrupted run resumes and a
/// rerun after the workers stopped copies what was filed meanwhile. The source is only read.
///
/// The catalog's own timestamps (a call first seen, a recording created or archived) become the
/// time of the copy; the call's start and everything RingCentral said are kept.
///
/// What is not copied: calls with no recording (the call log's other calls), jobs running or
/// finished, recurring schedules (each process declares them), learned rate-limit budgets
/// (learned again from the first responses), the RingCentral token (obtained again with the JWT)
/// and delivered webhook events.
struct DatabaseMigrator {
    let source: CallvaultApplication
    let target: CallvaultApplication
    let logger: Logger
    /// Recordings per page and per unit of work.
    var batchSize = 200

    func run(progress: @Sendable (DatabaseMigrationReport) -> Void = { _ in }) async throws -> DatabaseMigrationReport {
        var report = DatabaseMigrationReport()
        try await copyRecordings(&report, progress: progress)
        try await copyWatermark(&report)
        try await copyHolds(&report)
        try await copyAudit(&report)
        try await copyJobs(&report)
        report.mismatches = try await compare()
        logger.info(
            "database migrated",
            metadata: [
                "archived": "\(report.archivedRecordings)", "other": "\(report.otherRecordings)", "transcripts": "\(report.transcripts)",
                "audit": "\(report.auditEntries)", "jobs": "\(report.jobsCopied)", "problems": "\(report.problems.count)",
                "mismatches": "\(report.mismatches.count)",
            ])
        return report
    }

    // MARK: - Steps

    private func copyRecordings(_ report: inout DatabaseMigrationReport, progress: (DatabaseMigrationReport) -> Void) async throws {
        var cursor: String?
        repeat {
            let page = try await source.catalog.listRecordings(RecordingQuery(state: nil, cursor: cursor, limit: batchSize))
            for summary in page.recordings {
                do {
                    try await copyRecording(summary.id, &report)
                } catch let error as ArchiveError {
                    report.problems.append(.init(recordingId: summary.id, message: error.message))
                }
            }
            progress(report)
            cursor = page.nextCursor
        } while cursor != nil
    }

    /// One recording with its call, its files when archived, and its transcript.
    private func copyRecording(_ id: String, _ report: inout DatabaseMigrationReport) async throws {
        guard let recording = try await source.catalog.recording(id), let call = try await source.catalog.call(recording.callId) else {
            return
        }
        _ = try await target.catalog.upsertCall(call)
        _ = try await target.catalog.upsertRecording(recording)
        if recording.state == .archived {
            let files = try await source.catalog.files(recordingId: id)
            guard let audio = files.first(where: { $0.role == .audio }), let sidecar = files.first(where: { $0.role == .sidecar }),
                let receivedBytes = recording.receivedBytes, let receivedSHA256 = recording.receivedSHA256
            else {
                throw ArchiveError(.notFound, "the catalog lists it as archived without its audio, sidecar or received checksum")
            }
            let archived = ArchivedRecording(
                recordingId: id, audio: audio, original: files.first { $0.role == .original }, sidecar: sidecar,
                receivedBytes: receivedBytes, receivedSHA256: receivedSHA256, alreadyArchived: false)
            try await target.catalog.completeFiling(archived, archivedAt: target.clock.nowMillis(), followUps: [])
            report.archivedRecordings += 1
        } else {
            report.otherRecordings += 1
        }
        try await copyTranscript(id, &report)
    }

    private func copyTranscript(_ recordingId: String, _ report: inout DatabaseMigrationReport) async throws {
        guard let status = try await source.transcripts.transcriptStatus(recordingId: recordingId) else { return }
        if status.state == .available, let stored = try await source.transcripts.storedTranscript(recordingId: recordingId) {
            _ = try await target.transcripts.replaceTranscript(recordingId: recordingId, transcript: stored.transcript, file: stored.file)
            report.transcripts += 1
        } else if status.state != .available {
            try await target.transcripts.setTranscriptStatus(recordingId: recordingId, status)
            report.transcriptStates += 1
        }
    }

    private func copyWatermark(_ report: inout DatabaseMigrationReport) async throws {
        guard let mark = try await source.catalog.watermark(SyncCallLogJob.watermark) else { return }
        if let existing = try await target.catalog.watermark(SyncCallLogJob.watermark), existing >= mark { return }
        try await target.catalog.setWatermark(SyncCallLogJob.watermark, to: mark)
        report.watermarkCopied = true
    }

    private func copyHolds(_ report: inout DatabaseMigrationReport) async throws {
        let existing = try await target.compliance.holds()
        for hold in try await source.compliance.holds() {
            let present = existing.contains {
                $0.recordingId == hold.recordingId && $0.phone == hold.phone && $0.reason == hold.reason && $0.createdAt == hold.createdAt
            }
            if present { continue }
            try await target.compliance.addHold(
                recordingId: hold.recordingId, phone: hold.phone, reason: hold.reason, createdBy: hold.createdBy, at: hold.createdAt)
            report.holdsAdded += 1
        }
    }

    /// Appends the source's entries after the target's last one, which must be the source's own
    /// entry at that place.
    /// - Throws: ``ComplianceError`` `.conflict` when the target's chain has diverged.
    private func copyAudit(_ report: inout DatabaseMigrationReport) async throws {
        let tail = try await target.audit.tail()
        if let tail {
            let same = try await source.audit.chain(after: tail.seq - 1, limit: 1).first
            guard same?.hash == tail.hash else {
                throw ComplianceError(
                    .conflict,
                    "the target's audit chain has diverged from this one at entry \(tail.seq) (entries were recorded there after "
                        + "the last copy), so the audit and the waiting jobs were not copied; keep both chains and copy into a fresh database")
            }
        }
        var after = tail?.seq ?? 0
        while true {
            let entries = try await source.audit.chain(after: after, limit: 1_000)
            guard let last = entries.last else { return }
            try await target.audit.restore(entries)
            report.auditEntries += entries.count
            after = last.seq
        }
    }

    private func copyJobs(_ report: inout DatabaseMigrationReport) async throws {
        for state in JobState.waiting {
            let jobs = try await source.queue.list(JobFilter(state: state, limit: 1_000_000))
            let requests = jobs.filter { $0.schedule == nil }.map { job in
                JobRequest(
                    kind: job.kind, payload: job.payload, idempotencyKey: job.idempotencyKey ?? "migrated:\(job.id)", runAt: job.runAt,
                    priority: job.priority, maxAttempts: job.maxAttempts)
            }
            for chunk in stride(from: 0, to: requests.count, by: 500).map({ Array(requests[$0..<min(requests.count, $0 + 500)]) }) {
                report.jobsCopied += try await target.queue.enqueueCopies(chunk).filter(\.inserted).count
            }
        }
    }

    // MARK: - Comparison

    /// What differs between the two catalogs: the files (path, size, SHA-256), the transcripts'
    /// files, the recordings by state, and the audit chain's head.
    private func compare() async throws -> [String] {
        var mismatches: [String] = []
        func fileSet(_ files: [StoredFile]) -> Set<String> { Set(files.map { "\($0.relativePath) \($0.bytes) \($0.sha256)" }) }
        let sourceFiles = fileSet(try await source.catalog.allFiles())
        let targetFiles = fileSet(try await target.catalog.allFiles())
        for missing in sourceFiles.subtracting(targetFiles).sorted().prefix(20) { mismatches.append("file not in the target: \(missing)") }
        for extra in targetFiles.subtracting(sourceFiles).sorted().prefix(20) { mismatches.append("file only in the target: \(extra)") }
        func transcriptSet(_ files: [String: TranscriptFile]) -> Set<String> {
            Set(files.map { "\($0.key) \($0.value.relativePath) \($0.value.sha256)" })
        }
        let sourceTranscripts = transcriptSet(try await source.transcripts.transcriptFiles())
        let targetTranscripts = transcriptSet(try await target.transcripts.transcriptFiles())
        for missing in sourceTranscripts.subtracting(targetTranscripts).sorted().prefix(20) {
            mismatches.append("transcript not in the target: \(missing)")
        }
        let sourceStates = try await source.catalog.summary().recordingsByState
        let targetStates = try await target.catalog.summary().recordingsByState
        for (state, count) in sourceStates where (targetStates[state] ?? 0) < count {
            mismatches.append("recordings \(state): \(count) in the source, \(targetStates[state] ?? 0) in the target")
        }
        let sourceHead = try await source.audit.tail()
        let targetHead = try await target.audit.tail()
        if let sourceHead, sourceHead.seq <= (targetHead?.seq ?? 0) {
            let same = try await target.audit.chain(after: sourceHead.seq - 1, limit: 1).first
            if same?.hash != sourceHead.hash { mismatches.append("the audit chain's entry \(sourceHead.seq) differs in the target") }
        } else if let sourceHead {
            mismatches.append("the audit chain ends at \(targetHead?.seq ?? 0) in the target, \(sourceHead.seq) in the source")
        }
        return mismatches
    }
}
