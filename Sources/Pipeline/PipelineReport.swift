public import Archive
import Foundation
public import JobQueue

/// What the pipeline has done, for people: calls by qualification, recordings archived and
/// failed, bytes and formats on disk, and the queue's progress.
public struct PipelineReport: Sendable {
    /// Counts from the catalog.
    public var catalog: CatalogSummary
    /// Counts from the queue.
    public var jobs: JobStats

    /// Reads both counts.
    public static func make(catalog: any CatalogStore, queue: JobQueue) async throws -> PipelineReport {
        PipelineReport(catalog: try await catalog.summary(), jobs: try await queue.stats())
    }

    /// One line of progress: downloads and filings done and to go, and dead jobs.
    public static func progressLine(_ stats: JobStats) -> String {
        func count(_ kind: String, _ states: [JobState]) -> Int {
            states.reduce(0) { $0 + (stats.kinds.first { $0.kind == kind }?.states[$1.rawValue] ?? 0) }
        }
        let download = DownloadRecordingJob.kind, normalize = NormalizeRecordingJob.kind
        return "downloads: \(count(download, [.completed])) done, \(count(download, JobState.live)) to go; "
            + "archived: \(count(normalize, [.completed])), \(count(normalize, JobState.live)) to go; "
            + "failed: \(stats.totals[JobState.dead.rawValue] ?? 0)"
    }

    /// The summary lines.
    /// - Parameters:
    ///   - location: Where the recordings are, for the `files:` line.
    public func render(location: String) -> String {
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        let archived = catalog.recordingsByState[RecordingState.archived.rawValue] ?? 0
        var lines: [String] = []
        lines.append("calls:      \(catalog.calls) (\(list(catalog.callsByQualification)))")
        lines.append(
            "archived:   \(archived) recordings, \(ByteCountFormatter.string(fromByteCount: catalog.storedBytes, countStyle: .file)) "
                + "stored (\(list(catalog.audioByFormat)); \(catalog.originals) originals kept)")
        let transcripts = catalog.transcriptsByState
        if !transcripts.isEmpty {
            lines.append("transcripts: \(transcripts["available"] ?? 0) stored (\(list(transcripts)))")
        }
        lines.append("failed:     \(catalog.failures.count)")
        for failure in catalog.failures { lines.append("  recording \(failure.recordingId): \(failure.error.prefix(160))") }
        lines.append("files:      \(location)/recordings/YYYY/MM/DD/")
        lines.append("inspect:    callvault jobs stats, callvault jobs list --state dead")
        return lines.joined(separator: "\n")
    }
}
