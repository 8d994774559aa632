import Compliance
import Foundation

/// How `retention` and `erase` print a ``DeletionReport`` for people.
enum DeletionOutput {
    static func lines(_ report: DeletionReport) -> [String] {
        var lines: [String] = []
        if let cutoff = report.cutoff { lines.append("calls that started before \(cutoff)") }
        let verb = report.dryRun ? "would delete" : "deleted"
        let size = ByteCountFormatter.string(fromByteCount: report.bytes, countStyle: .file)
        var summary = "\(verb) \(report.count) recording\(report.count == 1 ? "" : "s"), \(size) (\(report.bytes) bytes)"
        if let oldest = report.oldestCall, let newest = report.newestCall {
            summary += "; oldest call \(oldest), newest call \(newest)"
        }
        lines.append(summary)
        if report.dryRun, !report.recordings.isEmpty {
            lines.append("recordings: \(report.recordings.joined(separator: " "))")
        }
        if !report.resumed.isEmpty {
            lines.append(
                "\(report.dryRun ? "would finish" : "finished") \(report.resumed.count) deletion\(report.resumed.count == 1 ? "" : "s") an interrupted run began: \(report.resumed.joined(separator: " "))")
        }
        lines.append("held back: \(report.held.count)")
        for held in report.held { lines.append("  \(held.refusal)") }
        for id in report.notFound { lines.append("not found: recording \(id)") }
        if let index = report.index {
            let reclaimable = ByteCountFormatter.string(fromByteCount: index.reclaimableBytes, countStyle: .file)
            lines.append(
                "database: \(index.pagesBefore) → \(index.pagesAfter) pages of \(index.pageSize) bytes, \(index.freePagesAfter) free (\(reclaimable) reusable, overwritten); log checkpoint \(index.checkpointComplete ? "complete" : "incomplete (a reader was active; run again to finish)")")
        }
        return lines
    }
}
