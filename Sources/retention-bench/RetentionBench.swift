import Archive
import Compliance
import Dispatch
import Essentials
import Foundation
import GRDB
import SQLiteStore

/// Measures retention for `scripts/bench/retention`: the same archive of COUNT catalogued
/// recordings (small audio, sidecar and transcript files, two indexed segments each) built twice;
/// one deleted by callvault's ``RecordingEraser`` (marks, files through the storage seam, rows,
/// index entries and jobs, FTS5 merge and log checkpoint, audit entries), the other by raw SQL
/// `DELETE`s (the FTS triggers still fire) and `rm -rf`. Prints one JSON object.
///
/// Usage: `retention-bench DIRECTORY COUNT`.
@main
enum RetentionBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3, let count = Int(arguments[2]), count > 0 else {
            FileHandle.standardError.write(Data("usage: retention-bench DIRECTORY COUNT\n".utf8))
            exit(2)
        }
        let root = arguments[1]
        let callvaultHome = root + "/callvault"
        let rawHome = root + "/raw"
        for home in [callvaultHome, rawHome] {
            try? FileManager.default.removeItem(atPath: home)
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        }

        let base: Int64 = 1_600_000_000_000
        var start = now()
        try await build(home: callvaultHome, count: count, base: base)
        let built = now() - start
        try await build(home: rawHome, count: count, base: base)
        log("built \(count) recordings twice (\(String(format: "%.1f", built)) s each)")
        // Both homes' files reach the disk before either deletion is timed, so neither pays for
        // the other's (or its own) write-back.
        sync()

        // callvault: the eraser, as `callvault retention --older-than 0` runs it.
        let backend = try await SQLiteBackend.open(path: callvaultHome + "/callvault.sqlite")
        let storage = LocalArchiveStorage(root: callvaultHome)
        let eraser = RecordingEraser(
            store: backend.compliance, storage: storage, locks: FileRecordingLocks(directory: callvaultHome + "/tmp"),
            audit: backend.audit, phoneDigest: PhoneDigest(key: Array(repeating: 7, count: 32)), clock: SystemTimeSource())
        start = now()
        let plan = try await eraser.planRetention(olderThanDays: 0)
        let report: DeletionReport? = try await eraser.execute(plan, actor: "bench")
        let callvaultSeconds = now() - start
        sync()
        let left = try await backend.compliance.candidates(callStartedBefore: Int64.max).count
        guard report?.count == count, left == 0 else {
            log("callvault deleted \(report?.count ?? -1), \(left) left")
            exit(1)
        }

        // Raw: the same rows by SQL in one transaction, then rm -rf.
        start = now()
        let rawSQLStart = start
        let queue = try DatabaseQueue(path: rawHome + "/callvault.sqlite")
        try await queue.write { db in
            try db.execute(
                sql: """
                    DELETE FROM transcript_segments;
                    DELETE FROM transcripts;
                    DELETE FROM files;
                    DELETE FROM jobs;
                    DELETE FROM recordings;
                    DELETE FROM calls;
                    """)
        }
        let rawSQLSeconds = now() - rawSQLStart
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", rawHome + "/recordings"]
        try rm.run()
        rm.waitUntilExit()
        let rawSeconds = now() - start
        let purge = report?.index
        print(
            """
            {"recordings": \(count), "callvault_seconds": \(String(format: "%.3f", callvaultSeconds)), \
            "callvault_per_second": \(Int(Double(count) / callvaultSeconds)), \
            "raw_seconds": \(String(format: "%.3f", rawSeconds)), "raw_per_second": \(Int(Double(count) / rawSeconds)), \
            "raw_sql_seconds": \(String(format: "%.3f", rawSQLSeconds)), \
            "ratio": \(String(format: "%.3f", rawSeconds / callvaultSeconds)), \
            "pages_before": \(purge?.pagesBefore ?? 0), "pages_after": \(purge?.pagesAfter ?? 0), \
            "free_pages_after": \(purge?.freePagesAfter ?? 0), "checkpoint_complete": \(purge?.checkpointComplete ?? false)}
            """)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// COUNT recordings one second apart: rows by SQL in one transaction, small files on disk.
    static func build(home: String, count: Int, base: Int64) async throws {
        _ = try await SQLiteBackend.open(path: home + "/callvault.sqlite")
        let queue = try DatabaseQueue(path: home + "/callvault.sqlite")
        let layout = ArchiveLayout(home: home)
        let audio = [UInt8](repeating: 0x55, count: 2_048)
        try await queue.write { db in
            let call = try db.makeStatement(
                sql: """
                    INSERT INTO calls (id, start_time, direction, from_number, to_number, qualification, record_json, first_seen_at,
                        updated_at, from_digits, to_digits)
                    VALUES (?, ?, 'Inbound', ?, '+16505550100', 'accepted', '{}', ?, ?, ?, '16505550100')
                    """)
            let recording = try db.makeStatement(
                sql: """
                    INSERT INTO recordings (id, call_id, content_uri, state, received_bytes, received_sha256, created_at, updated_at)
                    VALUES (?, ?, 'https://media.example/r', 'archived', 2048, 'x', ?, ?)
                    """)
            let file = try db.makeStatement(
                sql: "INSERT INTO files (recording_id, role, relative_path, bytes, sha256, format, created_at) VALUES (?, ?, ?, ?, 'x', ?, ?)")
            let transcript = try db.makeStatement(
                sql: """
                    INSERT INTO transcripts (recording_id, state, source, version_ms, relative_path, bytes, sha256, updated_at)
                    VALUES (?, 'available', 'ringsense', 1, ?, 64, 'x', ?)
                    """)
            let segment = try db.makeStatement(
                sql: "INSERT INTO transcript_segments (id, recording_id, seq, start_s, end_s, text) VALUES (?, ?, ?, ?, ?, ?)")
            for index in 0..<count {
                let id = String(100_000_000 + index)
                let start = base + Int64(index) * 1_000
                let from = "+1415555\(String(format: "%04d", index % 10_000))"
                try call.execute(arguments: [id, start, from, start, start, String(from.dropFirst())])
                try recording.execute(arguments: [id, id, start, start])
                let audioKey = layout.relativePath(recordingId: id, startTimeMillis: start, role: .audio, extension: "mp3")
                let sidecarKey = layout.relativePath(recordingId: id, startTimeMillis: start, role: .sidecar, extension: "mp3")
                try file.execute(arguments: [id, "audio", audioKey, 2_048, "mp3", start])
                try file.execute(arguments: [id, "sidecar", sidecarKey, 64, "json", start])
                try transcript.execute(arguments: [id, TranscriptKey.of(audioKey), start])
                let segmentBase = start / 1000 * (1 << 20)
                try segment.execute(arguments: [segmentBase, id, 0, 0.0, 2.0, "thank you for calling order \(index) support"])
                try segment.execute(arguments: [segmentBase + 1, id, 1, 2.0, 5.0, "I would like a refund for invoice \(index * 7)"])
            }
        }
        var folders = Set<String>()
        let sidecar = [UInt8](repeating: 0x20, count: 64)
        for index in 0..<count {
            let id = String(100_000_000 + index)
            let start = base + Int64(index) * 1_000
            let audioKey = layout.relativePath(recordingId: id, startTimeMillis: start, role: .audio, extension: "mp3")
            let folder = (layout.absolutePath(audioKey) as NSString).deletingLastPathComponent
            if folders.insert(folder).inserted {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            _ = FileManager.default.createFile(atPath: layout.absolutePath(audioKey), contents: Data(audio))
            let sidecarKey = layout.relativePath(recordingId: id, startTimeMillis: start, role: .sidecar, extension: "mp3")
            _ = FileManager.default.createFile(atPath: layout.absolutePath(sidecarKey), contents: Data(sidecar))
            _ = FileManager.default.createFile(atPath: layout.absolutePath(TranscriptKey.of(audioKey)), contents: Data(sidecar))
        }
    }

    /// `{stem}.transcript.json` beside an audio key.
    enum TranscriptKey {
        static func of(_ audio: String) -> String { String(audio.dropLast(4)) + ".transcript.json" }
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
