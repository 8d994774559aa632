import Foundation
import JobQueue
import Media
import TestSupport
import Testing
@testable import Archive

@Suite struct ReindexVerifyTests {
    /// Files three recordings (two calls) into a fresh fixture.
    private func populate(_ fixture: ArchiveFixture) async throws -> [ArchivedRecording] {
        let store = fixture.store(timeZone: try #require(TimeZone(identifier: "America/Los_Angeles")))
        let wav = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "a", seed: 1)
        let mp3 = try await TestAudio.received(.mp3(bitRate: 32_000), in: fixture.inputs, name: "b", seed: 2)
        let mulaw = try await TestAudio.received(.wavMuLaw, in: fixture.inputs, name: "c", seed: 3)
        return [
            try await store.file(wav, recording: TestAudio.recording(id: "201", callId: "c1"), call: TestAudio.call(id: "c1")),
            try await store.file(mp3, recording: TestAudio.recording(id: "202", callId: "c1"), call: TestAudio.call(id: "c1")),
            try await store.file(
                mulaw, recording: TestAudio.recording(id: "203", callId: "c2"),
                call: TestAudio.call(id: "c2", start: 1_736_141_400_000)),
        ]
    }

    @Test(arguments: BackendKind.all, TestStorage.allCases)
    func reindexRebuildsAnEqualCatalog(_ kind: BackendKind, storage: TestStorage) async throws {
        let fixture = try await ArchiveFixture.make(kind, storage: storage)
        defer { fixture.backend.remove() }
        _ = try await populate(fixture)
        let tables = ["calls", "recordings", "files"]
        var original: [String: [[String: String]]] = [:]
        for table in tables { original[table] = try await fixture.rows(table) }
        #expect(original["files"]?.count == 8)

        // A fresh database over the same tree.
        let rebuilt = try await TestBackend.make(kind, clock: fixture.clock)
        defer { rebuilt.remove() }
        let report = try await Reindexer(catalog: rebuilt.catalog, storage: fixture.storage, clock: fixture.clock).run()
        #expect(report.sidecarsFound == 3)
        #expect(report.recordingsIndexed == 3)
        #expect(report.callsIndexed == 2)
        #expect(report.problems.isEmpty)
        for table in tables {
            let rows = try await rebuilt.rows(
                table, orderBy: table == "files" ? "relative_path" : "id", excluding: table == "files" ? ["id"] : [])
            #expect(rows == original[table], "\(table) differs")
        }

        // Reindexing the original catalog in place changes nothing.
        _ = try await fixture.reindexer().run()
        for table in tables { #expect(try await fixture.rows(table) == original[table]) }
    }

    @Test(arguments: BackendKind.all) func reindexSkipsIncompleteSetsAndReportsThem(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let filed = try await populate(fixture)
        try FileManager.default.removeItem(atPath: fixture.absolute(filed[0].audio.relativePath))
        let garbage = "recordings/2025/01/06/20250106T103000Z_recording_999.json"
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: fixture.absolute(garbage)))
        let report = try await fixture.reindexer().run()
        #expect(report.sidecarsFound == 4)
        #expect(report.recordingsIndexed == 2)
        #expect(report.problems.map(\.path) == [filed[0].sidecar.relativePath, garbage])
        #expect(report.problems[0].message.contains("missing"))
        #expect(report.recordingsNotInTree == ["201"])
        #expect(try await fixture.catalog.recording("201")?.state == .failed)
        #expect(try await fixture.catalog.files(recordingId: "201").isEmpty)
    }

    @Test(arguments: BackendKind.all, TestStorage.allCases)
    func verifyDetectsModifiedDeletedAndExtraFiles(_ kind: BackendKind, storage: TestStorage) async throws {
        let fixture = try await ArchiveFixture.make(kind, storage: storage)
        defer { fixture.backend.remove() }
        let filed = try await populate(fixture)
        let verifier = fixture.verifier()
        let clean = try await verifier.run()
        #expect(clean.isClean, "\(clean.issues)")
        #expect(clean.filesChecked == 8)
        let files = fixture.storage

        // Same size, one byte flipped.
        var bytes = try await files.readAll(key: filed[1].audio.relativePath)
        bytes[bytes.count / 2] ^= 0xFF
        try await files.put(data: bytes, key: filed[1].audio.relativePath)
        // Truncated.
        let truncated = try await files.readAll(key: filed[2].audio.relativePath)
        try await files.put(data: Array(truncated.prefix(100)), key: filed[2].audio.relativePath)
        // Deleted.
        try await files.delete(key: filed[0].original!.relativePath)
        // Extra.
        let extra = (filed[0].audio.relativePath as NSString).deletingLastPathComponent + "/stray.mp3"
        try await files.put(data: [1, 2, 3], key: extra)
        // A transcript belongs to another module and is not drift.
        let transcript = filed[0].sidecar.relativePath.replacingOccurrences(of: ".json", with: ".transcript.json")
        try await files.put(data: Array("{}".utf8), key: transcript)

        let report = try await verifier.run()
        let found = Set(report.issues.map { "\($0.kind.rawValue) \($0.relativePath)" })
        #expect(found == [
            "hashMismatch \(filed[1].audio.relativePath)",
            "sizeMismatch \(filed[2].audio.relativePath)",
            "missing \(filed[0].original!.relativePath)",
            "untracked \(extra)",
        ])
        #expect(report.issues.first { $0.kind == .hashMismatch }?.recordingId == "202")
    }

    @Test(arguments: TestStorage.allCases)
    func repairRemovesWhatAFilingThatNeverReachedTheCatalogLeft(storage: TestStorage) async throws {
        let fixture = try await ArchiveFixture.make(storage: storage)
        defer { fixture.backend.remove() }
        let filed = try await populate(fixture)
        // A worker dies between its uploads and its catalog commit.
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "d", seed: 4)
        var crashing = fixture.store()
        crashing.crashPoint = .afterAudioRename
        await #expect(throws: ArchiveStore.SimulatedCrash.self) {
            try await crashing.file(received, recording: TestAudio.recording(id: "204", callId: "c1"), call: TestAudio.call(id: "c1"))
        }
        #expect(try await fixture.catalog.files(recordingId: "204").isEmpty)
        let orphan = try #require(try await fixture.treeKeys().first { $0.contains("_recording_204.") })

        let report = try await fixture.verifier().run()
        #expect(report.issues.map(\.kind) == [.untracked])
        #expect(report.issues.map(\.relativePath) == [orphan])
        let store = fixture.store()
        let removed = try await ArchiveRepairer(catalog: fixture.catalog, storage: fixture.storage, locks: store.locks).repair(report)
        #expect(removed == [orphan])
        #expect(try await fixture.verifier().run().isClean)
        #expect(try await fixture.treeKeys().count == filed.flatMap(\.files).count)
        // Repairing a report whose file was filed meanwhile removes nothing.
        let refiled = try await store.file(received, recording: TestAudio.recording(id: "204", callId: "c1"), call: TestAudio.call(id: "c1"))
        let stale = VerificationReport(
            filesChecked: 0, bytesHashed: 0, issues: [VerificationIssue(kind: .untracked, relativePath: refiled.audio.relativePath)])
        #expect(try await ArchiveRepairer(catalog: fixture.catalog, storage: fixture.storage, locks: store.locks).repair(stale).isEmpty)
        #expect(try await fixture.verifier().run().isClean)
    }
}
