import Foundation
import GRDB
import JobQueue

/// What `callvault demo` prints: counts from the catalog and the queue.
struct DemoReport {
    var calls = 0
    var byQualification: [(String, Int)] = []
    var archived = 0
    var bytes: Int64 = 0
    var formats: [(String, Int)] = []
    var originals = 0
    var failures: [(String, String)] = []
    var home: String

    static func progressLine(_ queue: JobQueue) async throws -> String {
        let stats = try await queue.stats()
        func count(_ kind: String, _ states: [String]) -> Int {
            states.reduce(0) { $0 + (stats.kinds.first { $0.kind == kind }?.states[$1] ?? 0) }
        }
        let waiting = ["available", "scheduled", "retryable", "running"]
        return "downloads: \(count("download-recording", ["completed"])) done, \(count("download-recording", waiting)) to go; "
            + "archived: \(count("normalize-recording", ["completed"])), \(count("normalize-recording", waiting)) to go; "
            + "failed: \(stats.totals["dead"] ?? 0)"
    }

    static func make(_ database: DatabasePool, home: String) async throws -> DemoReport {
        try await database.read { db in
            var report = DemoReport(home: home)
            report.calls = try Int.fetchOne(db, sql: "SELECT count(*) FROM calls") ?? 0
            report.byQualification = try Row.fetchAll(db, sql: "SELECT qualification, count(*) FROM calls GROUP BY 1 ORDER BY 2 DESC")
                .map { ($0[0], $0[1]) }
            report.archived = try Int.fetchOne(db, sql: "SELECT count(*) FROM recordings WHERE state = 'archived'") ?? 0
            report.bytes = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(bytes), 0) FROM files") ?? 0
            report.formats = try Row.fetchAll(db, sql: "SELECT format, count(*) FROM files WHERE role = 'audio' GROUP BY 1 ORDER BY 1")
                .map { ($0[0], $0[1]) }
            report.originals = try Int.fetchOne(db, sql: "SELECT count(*) FROM files WHERE role = 'original'") ?? 0
            report.failures = try Row.fetchAll(
                db, sql: "SELECT id, coalesce(last_error, '') FROM recordings WHERE state = 'failed' ORDER BY id"
            ).map { ($0[0], $0[1]) }
            return report
        }
    }

    func render(elapsed: TimeInterval, heavyRequests: Int) -> String {
        var lines: [String] = []
        lines.append("")
        lines.append("calls:      \(calls) (" + byQualification.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ")")
        lines.append("archived:   \(archived) recordings, \(ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)) on disk "
            + "(" + formats.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + "; \(originals) originals kept)")
        lines.append("failed:     \(failures.count)")
        for (id, reason) in failures { lines.append("  recording \(id): \(reason.prefix(160))") }
        lines.append("took:       \(String(format: "%.1f", elapsed)) s, \(heavyRequests) Heavy requests to the simulator")
        lines.append("files:      \((home as NSString).appendingPathComponent("recordings"))/YYYY/MM/DD/")
        lines.append("inspect:    callvault jobs stats, callvault jobs list --state dead")
        return lines.joined(separator: "\n")
    }
}
