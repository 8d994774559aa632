import Essentials
import Foundation
import JobQueue
import Media
import S3
import S3Archive
import TestSupport
import Transfer
@testable import Archive

/// A catalog on a real database, a storage home, and an inputs folder for test audio.
struct ArchiveFixture {
    let backend: TestBackend
    let home: String
    let inputs: String
    /// Where the files go: the local tree under ``home`` or an object store.
    let storage: any ArchiveStorage

    var catalog: any CatalogStore { backend.catalog }
    var clock: ManualTimeSource { backend.clock }

    /// The HTTP client of every object store storage in this test process.
    static var objectStoreHTTP: HTTPClient { TestStorage.objectStoreHTTP }

    /// The storage of `kind`: the local tree at `home`, or a fresh prefix of the test object store.
    static func storage(_ kind: TestStorage, home: String, environment: [String: String] = [:]) async throws -> any ArchiveStorage {
        try await kind.storage(home: home, environment: environment)
    }

    /// - Parameters:
    ///   - backendKind: The database back end.
    ///   - home: The storage home; a folder in the temp directory when `nil`.
    ///   - kind: Where the files go.
    static func make(_ backendKind: BackendKind = .sqlite, home: String? = nil, storage kind: TestStorage = .local) async throws -> ArchiveFixture {
        let backend = try await TestBackend.make(backendKind)
        let root = home ?? backend.directory.path("storage")
        let fixture = ArchiveFixture(
            backend: backend, home: root, inputs: backend.directory.path("inputs"), storage: try await storage(kind, home: root))
        try FileManager.default.createDirectory(atPath: fixture.home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: fixture.inputs, withIntermediateDirectories: true)
        return fixture
    }

    func store(timeZone: TimeZone = .utc, keepOriginal: Bool = true) -> ArchiveStore {
        ArchiveStore(
            configuration: ArchiveConfiguration(home: home, timeZone: timeZone, keepOriginal: keepOriginal), catalog: catalog,
            storage: storage, clock: clock)
    }

    func verifier() -> Verifier { Verifier(catalog: catalog, storage: storage) }

    func reindexer() -> Reindexer { Reindexer(catalog: catalog, storage: storage, clock: clock) }

    /// Keys under `recordings/` in the fixture's storage.
    func treeKeys() async throws -> [String] { try await storage.list(prefix: ArchiveLayout.recordingsFolder) }

    /// Files in `recordings/`, relative to home.
    func treeFiles() throws -> [String] { try FileOperations.listFiles(under: ArchiveLayout.recordingsFolder, root: home) }

    /// Files in `tmp/`.
    func tmpFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: home + "/tmp")) ?? [])
            .filter { !$0.hasPrefix(FileRecordingLocks.prefix) }.sorted()
    }

    func absolute(_ relative: String) -> String { home + "/" + relative }

    /// Every row of a catalog table as text, ordered, without the autoincrement id of `files`.
    func rows(_ table: String) async throws -> [[String: String]] {
        try await backend.rows(
            table, orderBy: table == "files" ? "relative_path" : "id", excluding: table == "files" ? ["id"] : [])
    }
}

/// A received recording on disk plus what the download and the normalizer produced.
struct Received {
    var path: String
    var sha256: String
    var normalizedPath: String?
    var normalization: NormalizationRecord?
}

enum TestAudio {
    static func call(id: String = "c1", start: Int64 = 1_736_159_400_000) -> CallEntry {
        CallEntry(
            id: id, sessionId: "s-\(id)", telephonySessionId: "t-\(id)", startTimeMillis: start, durationSeconds: 6,
            direction: "Inbound", fromNumber: "+15551230001", fromName: "Ann", toNumber: "+15551230002", toName: "Bob",
            result: "Accepted", qualification: "accepted", decidingLeg: 0,
            recordJSON: #"{"id":"\#(id)","result":"Accepted","legs":[{"legType":"Accept"}]}"#)
    }

    static func recording(id: String = "r1", callId: String = "c1") -> RecordingEntry {
        RecordingEntry(
            id: id, callId: callId, contentUri: "https://media.example/restapi/v1.0/account/~/recording/\(id)/content",
            recordingType: "Automatic", expectedDurationSeconds: 6, contentType: "audio/x-wav")
    }

    static func sha256(_ path: String) throws -> String { try FileOperations.digest(of: path).sha256 }

    /// Synthesizes a recording in `format`, then normalizes it to MP3 (the default policy).
    static func received(
        _ format: AudioFileFormat, in directory: String, name: String, seconds: Double = 6, seed: UInt64 = 7
    ) async throws -> Received {
        let path = directory + "/" + name + "." + format.fileExtension
        try await AudioSynthesizer(durationSeconds: seconds, seed: seed).write(format, to: path)
        let normalized = directory + "/" + name + ".normalized"
        let record = try await AudioNormalizer().normalize(source: path, destination: normalized)
        return Received(path: path, sha256: try sha256(path), normalizedPath: normalized, normalization: record)
    }
}

extension ArchiveStore {
    func file(_ received: Received, recording: RecordingEntry, call: CallEntry) async throws -> ArchivedRecording {
        try await file(
            recording: recording, call: call, receivedPath: received.path, normalizedPath: received.normalizedPath,
            normalization: received.normalization, receivedSHA256: received.sha256)
    }
}

extension ArchiveFixture {
    func upsert(_ call: CallEntry) async throws -> UpsertOutcome { try await catalog.upsertCall(call) }

    func upsert(_ recording: RecordingEntry) async throws -> UpsertOutcome { try await catalog.upsertRecording(recording) }
}
