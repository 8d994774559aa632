import Archive
import Compliance
import Crypto
import Essentials
import Foundation
import SQLiteStore
import Testing
import TestSupport
import ZIPFoundation

@Suite("Exports")
struct ExportTests {
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func theZipHoldsEveryFileWithItsChecksumInTheManifest() async throws {
        let fixture = try await ComplianceFixture.make()
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        let first = try await fixture.builder.add(
            recordingId: "e1", callStart: now - 86_400_000, lines: ["Hello & welcome", "I need a <refund>"], original: true, audioBytes: 700_000)
        try await fixture.builder.add(recordingId: "e2", callStart: now - 3_600_000)
        let exporter = RecordingExporter(
            catalog: fixture.sqlite.catalog, transcripts: fixture.sqlite.catalog, storage: fixture.builder.storage,
            temporaryDirectory: fixture.home + "/tmp", clock: fixture.clock)
        let output = fixture.backend.directory.path("export.zip")
        let manifest = try await exporter.export(recordingIds: ["e1", "e2"], to: output)
        #expect(manifest.recordings.map(\.id) == ["e1", "e2"])
        #expect(manifest.recordings[0].files.map(\.role) == ["audio", "original", "sidecar", "transcript-json", "transcript-vtt", "transcript-txt"])
        #expect(manifest.recordings[1].files.map(\.role) == ["audio", "sidecar"])
        #expect(manifest.recordings[0].files[0].sha256 == first.audio.sha256)

        // Read back with ZIPFoundation: every file hashes to the manifest's value.
        let archive = try ZIPFoundation.Archive(url: URL(fileURLWithPath: output), accessMode: .read)
        var contents: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            contents[entry.path] = data
        }
        let listed = manifest.recordings.flatMap(\.files)
        #expect(Set(contents.keys) == Set(listed.map(\.path) + ["manifest.json"]))
        for file in listed {
            let data = try #require(contents[file.path])
            #expect(Self.sha256(data) == file.sha256, "\(file.path)")
            #expect(Int64(data.count) == file.bytes)
        }
        let stored = try JSONDecoder().decode(ExportManifest.self, from: try #require(contents["manifest.json"]))
        #expect(stored == manifest)
        let vtt = String(decoding: try #require(contents["e1/transcript.vtt"]), as: UTF8.self)
        #expect(vtt.hasPrefix("WEBVTT"))
        #expect(vtt.contains("&lt;refund&gt;"))
        #expect(String(decoding: try #require(contents["e1/transcript.txt"]), as: UTF8.self).contains("Hello & welcome"))

        // And with the unzip command, when the machine has it.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            let into = fixture.backend.directory.path("unzipped")
            #expect(try await ChildProcess.run("/usr/bin/unzip", ["-q", output, "-d", into]).status == 0)
            for file in listed {
                let data = try #require(FileManager.default.contents(atPath: into + "/" + file.path))
                #expect(Self.sha256(data) == file.sha256)
            }
        }
    }

    @Test func anUnknownRecordingLeavesNoFile() async throws {
        let fixture = try await ComplianceFixture.make()
        defer { fixture.remove() }
        try await fixture.builder.add(recordingId: "e1", callStart: fixture.clock.nowMillis())
        let exporter = RecordingExporter(
            catalog: fixture.sqlite.catalog, transcripts: fixture.sqlite.catalog, storage: fixture.builder.storage,
            temporaryDirectory: fixture.home + "/tmp", clock: fixture.clock)
        let output = fixture.backend.directory.path("export.zip")
        await #expect(throws: ComplianceError.self) { try await exporter.export(recordingIds: ["e1", "missing"], to: output) }
        #expect(!FileManager.default.fileExists(atPath: output))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.backend.directory.path)
        #expect(!leftovers.contains { $0.contains("partial") })
    }
}
