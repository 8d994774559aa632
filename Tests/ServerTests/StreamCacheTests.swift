import App
import Archive
import Compliance
import Essentials
import Foundation
import Media
import TestSupport
import Testing
import Transfer
import Synchronization
@testable import Server

/// The catalog's answer for a recording's audio is reused for a burst of stream requests only
/// while the file is the same file: erasure, a changed file and an expired entry each answer as
/// a fresh lookup in the catalog would.
@Suite("Stream: reusing the catalog's answer")
struct StreamCacheTests {
    /// Files `id` and streams its first 100 bytes once, so the server holds the catalog's answer.
    static func fileAndStream(_ f: StreamFixture, id: String) async throws -> (stored: StoredFile, bytes: [UInt8], path: String) {
        let (stored, bytes) = try await f.file(id: id, format: .mp3(bitRate: 32_000), seconds: 10)
        let path = "/recordings/\(id)/stream"
        let first = try await f.request(path, headers: [("Range", "bytes=0-99")])
        #expect(first.status == 206)
        return (stored, bytes, path)
    }

    /// Writes `bytes` to a new file and renames it over `target`, as a restore would.
    static func replace(_ target: String, with bytes: some Sequence<UInt8>, in f: StreamFixture) throws {
        let staged = f.home.path("staged.mp3")
        try Data(bytes).write(to: URL(fileURLWithPath: staged))
        #expect(rename(staged, target) == 0)
    }

    @Test func anErasedRecordingIsNotServedFromAnEarlierAnswer() async throws {
        try await StreamFixture.with { f in
            let (_, bytes) = try await f.file(id: "6101", format: .mp3(bitRate: 32_000), seconds: 10)
            let path = "/recordings/6101/stream"
            for _ in 0..<2 {
                let response = try await f.request(path, headers: [("Range", "bytes=100-199")])
                #expect(response.status == 206)
                #expect(response.body == Array(bytes[100..<200]))
            }

            let plan = try await f.app.eraser.planErasure(recordingIds: ["6101"])
            let report = try await f.app.eraser.execute(plan, actor: "test")
            #expect(report.recordings == ["6101"])

            let afterwards = try await f.request(path, headers: [("Range", "bytes=100-199")])
            #expect(afterwards.status == 404)
            #expect(afterwards.body.count < 1_000)
            let head = try await f.request(path, method: .head)
            #expect(head.status == 404)
        }
    }

    @Test func aFileChangedOnDiskIsCheckedAgainstTheCatalogAgain() async throws {
        try await StreamFixture.with { f in
            let (stored, bytes, path) = try await Self.fileAndStream(f, id: "6102")

            // Damage: a shorter file renamed over the archived one, as a restore gone wrong would.
            let target = f.home.path(stored.relativePath)
            try Self.replace(target, with: bytes[0..<1_000], in: f)
            let broken = try await f.request(path, headers: [("Range", "bytes=0-99")])
            #expect(broken.status == 500)
            #expect(broken.errorCode == "damaged")

            // Repaired: the right bytes again, in yet another file.
            try Self.replace(target, with: bytes, in: f)
            for _ in 0..<2 {
                let response = try await f.request(path, headers: [("Range", "bytes=0-99")])
                #expect(response.status == 206)
                #expect(response.body == Array(bytes[0..<100]))
            }
        }
    }

    @Test func aCatalogChangeThatLeavesTheFileIsSeenWhenTheAnswerExpires() async throws {
        try await StreamFixture.with { f in
            let (_, bytes, path) = try await Self.fileAndStream(f, id: "6103")

            // The catalog forgets the file; the file itself stays where it was.
            try await TestBackend.executeSQLite(
                "DELETE FROM files WHERE recording_id = ?", arguments: ["6103"], path: f.app.configuration.databasePath)

            // Within the answer's lifetime the same file is served (the catalog is not asked) ...
            f.clock.advance(byMillis: 4_000)
            let reused = try await f.request(path, headers: [("Range", "bytes=0-99")])
            #expect(reused.status == 206)
            #expect(reused.body == Array(bytes[0..<100]))
            // ... but a HEAD, which does not read the file, asks it.
            let head = try await f.request(path, method: .head)
            #expect(head.status == 404)

            // Once it has expired, the catalog's new answer holds.
            f.clock.advance(byMillis: 1_001)
            let expired = try await f.request(path, headers: [("Range", "bytes=0-99")])
            #expect(expired.status == 404)
            #expect(expired.errorCode == "not-archived")
        }
    }
}

/// ``StreamFileCache`` on its own: one catalog query for a crowd, bounded size.
@Suite("Stream: the answer cache")
struct StreamFileCacheTests {
    /// Counts the lookups and holds them until released.
    final class Gate: Sendable {
        let calls = Mutex(0)
        let entered = Mutex(0)
        let waiting = Mutex<[CheckedContinuation<Void, Never>]>([])
        let open = Mutex(false)

        func lookup() async -> StoredFile? {
            calls.withLock { $0 += 1 }
            await withCheckedContinuation { continuation in
                let isOpen = open.withLock { $0 }
                if isOpen { continuation.resume() } else { waiting.withLock { $0.append(continuation) } }
            }
            return StoredFile(
                recordingId: "7001", role: .audio, relativePath: "recordings/2026/01/01/x.mp3", bytes: 10, sha256: "ab", format: "mp3",
                createdAt: 0)
        }

        func release() {
            open.withLock { $0 = true }
            for continuation in waiting.withLock({ list in defer { list = [] }; return list }) { continuation.resume() }
        }
    }

    @Test func aCrowdAskingAtOnceIsOneCatalogQuery() async throws {
        let cache = StreamFileCache()
        let gate = Gate()
        let answers = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    gate.entered.withLock { $0 += 1 }
                    return try await cache.audio(of: "7001") { await gate.lookup() }?.relativePath
                }
            }
            // Every asker has asked before the first query is answered.
            while gate.entered.withLock({ $0 }) < 50 || gate.calls.withLock({ $0 }) == 0 { await Task.yield() }
            for _ in 0..<1_000 { await Task.yield() }
            gate.release()
            var answers: [String?] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
        #expect(answers.count == 50)
        #expect(Set(answers.compactMap { $0 }) == ["recordings/2026/01/01/x.mp3"])
        // One query (an asker descheduled between arriving and joining may start a second one);
        // without the sharing it would be one per asker.
        #expect(gate.calls.withLock { $0 } < 50)

        // Once nobody is waiting, the next asker queries again.
        let before = gate.calls.withLock { $0 }
        _ = try await cache.audio(of: "7001") { await gate.lookup() }
        #expect(gate.calls.withLock { $0 } == before + 1)
    }
}
