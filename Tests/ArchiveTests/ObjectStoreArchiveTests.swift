import Crypto
import Foundation
import Media
import S3
import S3Archive
import TestSupport
import Testing
@testable import Archive

/// The archive in a real object store (Ceph RGW of `scripts/s3-server`): multipart puts, failed
/// puts, and the migration of a local archive.
@Suite("Archive in an object store")
struct ObjectStoreArchiveTests {
    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    @Test func aLargeFileGoesUpInPartsVerifiedAndReadsBackByRange() async throws {
        let fixture = try await ArchiveFixture.make(storage: .s3)
        defer { fixture.backend.remove() }
        let storage = try #require(fixture.storage as? S3ArchiveStorage)
        #expect(storage.client.configuration.multipartThreshold == 64 * 1024 * 1024)
        // A client with a 5 MiB threshold on the same prefix.
        let base = storage.client.configuration
        let small = S3ArchiveStorage(
            client: S3Client(
                configuration: try S3Configuration(
                    endpoint: base.endpoint, region: base.region, bucket: base.bucket, prefix: base.prefix,
                    addressingStyle: base.addressingStyle, credentials: base.credentials, multipartThreshold: 5 * 1024 * 1024,
                    partSize: 5 * 1024 * 1024),
                httpClient: ArchiveFixture.objectStoreHTTP))
        var bytes = [UInt8](repeating: 0, count: 11 * 1024 * 1024 + 3)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        let path = fixture.inputs + "/big.wav"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let key = "recordings/2025/01/06/20250106T103000Z_recording_77.original.wav"
        try await small.put(localFile: path, key: key, sha256: Self.sha256(bytes))
        #expect(!FileManager.default.fileExists(atPath: path), "a put consumes the local file")
        #expect(try await small.size(of: key) == Int64(bytes.count))
        #expect(try await small.sha256(of: key) == Self.sha256(bytes))
        #expect(try await small.client.headObject(key: key)?.etag.hasSuffix("-3") == true)
        let boundary = 5 * 1024 * 1024
        let window = try await collect(small, key: key, range: Int64(boundary - 8)...Int64(boundary + 7))
        #expect(window == Array(bytes[(boundary - 8)...(boundary + 7)]))
        #expect(try await small.list(prefix: "recordings") == [key])
        try await small.delete(key: key)
        #expect(try await small.size(of: key) == nil)
        await #expect { try await small.readAll(key: key) } throws: { ($0 as? ArchiveError)?.code == .notFound }
    }

    @Test func aPutTheStoreRefusesLeavesNoCatalogRow() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { fixture.backend.remove() }
        let refusing = try await ArchiveFixture.storage(.s3, home: fixture.home, environment: ["AWS_SECRET_ACCESS_KEY": "not-the-secret"])
        let store = ArchiveStore(
            configuration: ArchiveConfiguration(home: fixture.home), catalog: fixture.catalog, storage: refusing, clock: fixture.clock)
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1")
        await #expect {
            try await store.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        } throws: { ($0 as? ArchiveError)?.code == .ioFailed }
        #expect(try await fixture.catalog.recording("r1")?.state == .pending)
        #expect(try await fixture.catalog.files(recordingId: "r1").isEmpty)
        #expect(fixture.tmpFiles().isEmpty)
        let message = try await {
            do {
                try await refusing.put(data: [1], key: "recordings/x.json")
                return ""
            } catch let error as ArchiveError {
                return error.message
            }
        }()
        #expect(!message.contains("not-the-secret"))
    }

    @Test func migrationCopiesTheLocalArchiveVerifiedAndAgainOnlyWhatIsNew() async throws {
        let fixture = try await ArchiveFixture.make()
        defer { fixture.backend.remove() }
        let store = fixture.store()
        let a = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "a", seed: 1)
        let b = try await TestAudio.received(.mp3(bitRate: 32_000), in: fixture.inputs, name: "b", seed: 2)
        _ = try await store.file(a, recording: TestAudio.recording(id: "301"), call: TestAudio.call())
        _ = try await store.file(b, recording: TestAudio.recording(id: "302"), call: TestAudio.call())
        // A local leftover is not copied.
        try await fixture.storage.put(data: [1, 2], key: "recordings/2025/01/06/stray.mp3")
        let localBefore = try await fixture.treeKeys()
        let destination = try await ArchiveFixture.storage(.s3, home: fixture.home)
        let migrator = StorageMigrator(
            catalog: fixture.catalog, transcripts: nil, source: fixture.storage, destination: destination, staging: fixture.home + "/tmp")

        let first = try await migrator.run()
        #expect(first.filesCopied == 5)
        #expect(first.filesPresent == 0)
        #expect(first.problems.isEmpty)
        #expect(first.untracked == ["recordings/2025/01/06/stray.mp3"])
        #expect(try await destination.list(prefix: "recordings") == localBefore.filter { !$0.contains("stray") })
        #expect(try await Verifier(catalog: fixture.catalog, storage: destination).run().isClean)
        // The local archive is untouched and still whole.
        #expect(try await fixture.treeKeys() == localBefore)
        #expect(try await Verifier(catalog: fixture.catalog, storage: fixture.storage).run().issues.map(\.kind) == [.untracked])

        let again = try await migrator.run()
        #expect(again.filesCopied == 0)
        #expect(again.filesPresent == 5)

        // Filed locally meanwhile: the next run copies that recording only.
        let c = try await TestAudio.received(.mp3(bitRate: 32_000), in: fixture.inputs, name: "c", seed: 3)
        _ = try await store.file(c, recording: TestAudio.recording(id: "303"), call: TestAudio.call())
        let third = try await migrator.run()
        #expect(third.filesCopied == 2)
        #expect(third.filesPresent == 5)

        // A local file that no longer matches the catalog is reported, not copied.
        let audio = try #require(try await fixture.catalog.files(recordingId: "303").first { $0.role == .audio })
        try await destination.delete(key: audio.relativePath)
        var damaged = try await fixture.storage.readAll(key: audio.relativePath)
        damaged[damaged.count / 2] ^= 0xFF
        try await fixture.storage.put(data: damaged, key: audio.relativePath)
        let fourth = try await migrator.run()
        #expect(fourth.problems.map(\.key) == [audio.relativePath])
        #expect(try await destination.size(of: audio.relativePath) == nil)
    }

    private func collect(_ storage: any ArchiveStorage, key: String, range: ClosedRange<Int64>) async throws -> [UInt8] {
        let collected = ByteCollector()
        try await storage.read(key: key, range: range) { collected.append($0) }
        return collected.bytes
    }
}
