import Foundation
import JobQueue
import Media
import TestSupport
import Testing
@testable import Archive

@Suite struct ArchiveStoreTests {
    @Test(arguments: BackendKind.all) func wavIsTranscodedAndTheOriginalKept(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        #expect(received.normalization?.action == .transcoded)
        let filed = try await fixture.store().file(received, recording: TestAudio.recording(), call: TestAudio.call())

        let stem = "recordings/2025/01/06/20250106T103000Z_recording_r1"
        #expect(filed.audio.relativePath == stem + ".mp3")
        #expect(filed.original?.relativePath == stem + ".original.wav")
        #expect(filed.sidecar.relativePath == stem + ".json")
        #expect(try fixture.treeFiles() == [stem + ".json", stem + ".mp3", stem + ".original.wav"])
        #expect(fixture.tmpFiles().isEmpty)
        #expect(!filed.alreadyArchived)

        // The stored bytes are the normalizer's; the original is the received bytes.
        #expect(try TestAudio.sha256(fixture.absolute(filed.audio.relativePath)) == TestAudio.sha256(received.normalizedPath!))
        #expect(try TestAudio.sha256(fixture.absolute(stem + ".original.wav")) == received.sha256)
        #expect(filed.receivedSHA256 == received.sha256)

        // The catalog: archived, three files rows matching the disk.
        let recording = try #require(try await fixture.catalog.recording("r1"))
        #expect(recording.state == .archived)
        #expect(recording.receivedSHA256 == received.sha256)
        let rows = try await fixture.catalog.files(recordingId: "r1")
        #expect(rows == filed.files)
        #expect(rows.map(\.role) == [.audio, .original, .sidecar])
        #expect(rows.map(\.format) == ["mp3", "wav", "json"])

        // The sidecar: call with its raw record, parties, media, checksums.
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.absolute(filed.sidecar.relativePath)))
        let sidecar = try JSONDecoder().decode(RecordingSidecar.self, from: data)
        #expect(sidecar.call == TestAudio.call())
        #expect(sidecar.recording.state == .archived)
        #expect(sidecar.parties.from.number == "+15551230001")
        #expect(sidecar.qualification.value == "accepted")
        #expect(sidecar.media.before?.probe.formatName == "wav")
        #expect(sidecar.media.after?.probe.codecName == "mp3")
        #expect(sidecar.media.normalization?.action == .transcoded)
        #expect(sidecar.received.sha256 == received.sha256)
        #expect(sidecar.stored.sha256 == filed.audio.sha256)
        #expect(sidecar.files.map(\.path) == [stem + ".mp3", stem + ".original.wav"])
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains(#""recordJSON""#))
    }

    @Test(arguments: BackendKind.all) func originalIsNotKeptWhenDisabled(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let received = try await TestAudio.received(.wavMuLaw, in: fixture.inputs, name: "r1")
        let filed = try await fixture.store(keepOriginal: false).file(
            received, recording: TestAudio.recording(), call: TestAudio.call())
        #expect(filed.original == nil)
        #expect(try fixture.treeFiles().map { ($0 as NSString).lastPathComponent } == [
            "20250106T103000Z_recording_r1.json", "20250106T103000Z_recording_r1.mp3",
        ])
        // The received bytes are still checksummed and recorded.
        #expect(try await fixture.catalog.recording("r1")?.receivedSHA256 == received.sha256)
        #expect(try await fixture.catalog.files(recordingId: "r1").map(\.role) == [.audio, .sidecar])
    }

    @Test(arguments: BackendKind.all) func cleanMP3IsStoredWithoutAnOriginal(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let received = try await TestAudio.received(.mp3(bitRate: 32_000), in: fixture.inputs, name: "r1")
        #expect(received.normalization?.action == .kept)
        let filed = try await fixture.store().file(received, recording: TestAudio.recording(), call: TestAudio.call())
        #expect(filed.original == nil)
        #expect(filed.audio.sha256 == received.sha256)
        #expect(try fixture.treeFiles().count == 2)
        #expect(!(try fixture.treeFiles().contains { $0.contains(".original.") }))

        // Without a normalization record the format is probed from the content.
        let other = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r2", seed: 9)
        var raw = other
        raw.normalizedPath = nil
        raw.normalization = nil
        let filedRaw = try await fixture.store().file(raw, recording: TestAudio.recording(id: "r2"), call: TestAudio.call())
        #expect(filedRaw.audio.relativePath.hasSuffix("_recording_r2.wav"))
        #expect(filedRaw.original == nil)
    }

    @Test(arguments: BackendKind.all) func twoRecordingsInTheSameSecondGetDistinctFiles(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let store = fixture.store()
        let a = try await TestAudio.received(.mp3(bitRate: 32_000), in: fixture.inputs, name: "a", seed: 1)
        let b = try await TestAudio.received(.mp3(bitRate: 32_000), in: fixture.inputs, name: "b", seed: 2)
        let filedA = try await store.file(a, recording: TestAudio.recording(id: "100", callId: "c1"), call: TestAudio.call(id: "c1"))
        let filedB = try await store.file(
            b, recording: TestAudio.recording(id: "101", callId: "c2"), call: TestAudio.call(id: "c2", start: 1_736_159_400_400))
        #expect(filedA.audio.relativePath != filedB.audio.relativePath)
        #expect(try fixture.treeFiles().count == 4)
        #expect(try TestAudio.sha256(fixture.absolute(filedA.audio.relativePath)) == a.sha256)
        #expect(try TestAudio.sha256(fixture.absolute(filedB.audio.relativePath)) == b.sha256)
    }

    @Test(arguments: BackendKind.all) func filingAgainIsANoOp(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        let store = fixture.store()
        let first = try await store.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        let modified = try FileManager.default.attributesOfItem(atPath: fixture.absolute(first.sidecar.relativePath))[.modificationDate]
        let rowsBefore = try await fixture.rows("files")

        let second = try await store.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        #expect(second.alreadyArchived)
        #expect(second.files == first.files)
        #expect(try await fixture.rows("files") == rowsBefore)
        #expect(try fixture.treeFiles().count == 3)
        #expect(fixture.tmpFiles().isEmpty)
        let modifiedAfter = try FileManager.default.attributesOfItem(atPath: fixture.absolute(first.sidecar.relativePath))[.modificationDate]
        #expect(modified as? Date == modifiedAfter as? Date)

        // Other bytes under the same recording id are refused.
        let other = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "other", seed: 99)
        await #expect(throws: ArchiveError.self) {
            try await store.file(other, recording: TestAudio.recording(), call: TestAudio.call())
        }

        // A deleted audio file is restored by filing again.
        try FileManager.default.removeItem(atPath: fixture.absolute(first.audio.relativePath))
        let third = try await store.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        #expect(!third.alreadyArchived)
        #expect(third.audio.sha256 == first.audio.sha256)
        #expect(try fixture.treeFiles().count == 3)
    }

    @Test(arguments: BackendKind.all) func concurrentFilingsOfOneRecordingFromTwoProcessesAgree(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        // A second pool on the same file, as another worker process would have.
        let other = try await fixture.backend.reopened()
        let first = fixture.store()
        let second = ArchiveStore(
            configuration: ArchiveConfiguration(home: fixture.home), catalog: other.catalog, storage: fixture.storage,
            clock: fixture.clock)
        async let a = first.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        async let b = second.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        let results = try await [a, b]
        #expect(results.filter(\.alreadyArchived).count == 1)
        #expect(results[0].files == results[1].files)
        #expect(try fixture.treeFiles().count == 3)
        #expect(fixture.tmpFiles().isEmpty)
        #expect(try await fixture.verifier().run().isClean)
    }

    @Test(arguments: BackendKind.all, TestStorage.allCases)
    func wrongChecksumIsRefusedAndLeavesNothing(_ kind: BackendKind, storage: TestStorage) async throws {
        let fixture = try await ArchiveFixture.make(kind, storage: storage)
        defer { fixture.backend.remove() }
        var received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        received.sha256 = String(repeating: "0", count: 64)
        await #expect {
            try await fixture.store().file(received, recording: TestAudio.recording(), call: TestAudio.call())
        } throws: { ($0 as? ArchiveError)?.code == .checksumMismatch }
        #expect(try await fixture.treeKeys().isEmpty)
        #expect(fixture.tmpFiles().isEmpty)
        #expect(try await fixture.catalog.recording("r1")?.state == .pending)
    }

    @Test(arguments: BackendKind.all) func transcodedRecordWithoutItsFileIsRefused(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        var received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        received.normalizedPath = nil
        await #expect {
            try await fixture.store().file(received, recording: TestAudio.recording(), call: TestAudio.call())
        } throws: { ($0 as? ArchiveError)?.code == .invalidArgument }
        #expect(try fixture.treeFiles().isEmpty)
    }

    @Test(arguments: BackendKind.all) func staleTemporaryCleanupSparesOtherModulesFiles(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        try FileManager.default.createDirectory(atPath: fixture.home + "/tmp", withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: fixture.home + "/tmp/1662272004.part"))
        try Data([1]).write(to: URL(fileURLWithPath: fixture.home + "/tmp/.archive-r1-abcdef12.json"))
        #expect(try await fixture.store().removeStaleTemporaryFiles(olderThan: 3600) == 0)
        #expect(try await fixture.store().removeStaleTemporaryFiles(olderThan: -1) == 1)
        #expect(fixture.tmpFiles() == ["1662272004.part"])
    }

    @Test(arguments: BackendKind.all, TestStorage.allCases)
    func crashBeforeRenameLeavesOnlyTemporaryFiles(_ kind: BackendKind, storage: TestStorage) async throws {
        let fixture = try await ArchiveFixture.make(kind, storage: storage)
        defer { fixture.backend.remove() }
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        var crashing = fixture.store()
        crashing.crashPoint = .beforeRename
        await #expect(throws: ArchiveStore.SimulatedCrash.self) {
            try await crashing.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        }
        #expect(try await fixture.treeKeys().isEmpty)
        #expect(fixture.tmpFiles().count == 3)  // audio, original, sidecar: complete but never renamed
        #expect(try await fixture.catalog.recording("r1")?.state == .pending)
        #expect(try await fixture.catalog.files(recordingId: "r1").isEmpty)

        // A crash after the audio rename leaves audio without a sidecar: never a "complete" set.
        crashing.crashPoint = .afterAudioRename
        await #expect(throws: ArchiveStore.SimulatedCrash.self) {
            try await crashing.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        }
        #expect(!(try await fixture.treeKeys().contains { $0.hasSuffix(".json") }))

        // The restarted process files it completely and clears old leftovers.
        let filed = try await fixture.store().file(received, recording: TestAudio.recording(), call: TestAudio.call())
        #expect(try await fixture.treeKeys().count == 3)
        #expect(try await fixture.catalog.recording("r1")?.state == .archived)
        #expect(try await fixture.verifier().run().isClean)
        #expect(filed.files.count == 3)
        #expect(try await fixture.store().removeStaleTemporaryFiles(olderThan: -1) == 5)
        #expect(fixture.tmpFiles().isEmpty)
    }
}
