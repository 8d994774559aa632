import Foundation
import GRDB
import JobQueue
import Media
@testable import Archive

/// A private directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/callvault-archive-tests-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: created)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A catalog on a real SQLite file, a storage home, and an inputs folder for test audio.
struct ArchiveFixture {
    let directory: TemporaryDirectory
    let database: DatabasePool
    let catalog: Catalog
    let home: String
    let inputs: String

    /// - Parameter home: The storage home; a folder in the temp directory when `nil`.
    init(home: String? = nil) throws {
        directory = try TemporaryDirectory()
        database = try QueueDatabase.open(
            path: directory.file("callvault.sqlite"), migrations: { Catalog.registerMigrations(in: &$0) })
        catalog = Catalog(database: database)
        self.home = home ?? directory.file("storage")
        inputs = directory.file("inputs")
        try FileManager.default.createDirectory(atPath: self.home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
    }

    func store(timeZone: TimeZone = .utc, keepOriginal: Bool = true) -> ArchiveStore {
        ArchiveStore(home: home, timeZone: timeZone, keepOriginal: keepOriginal, catalog: catalog)
    }

    /// Files in `recordings/`, relative to home.
    func treeFiles() throws -> [String] { try TreeWalker.files(layout: ArchiveLayout(home: home)) }

    /// Files in `tmp/`.
    func tmpFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: home + "/tmp")) ?? [])
            .filter { !$0.hasPrefix(FilingLock.prefix) }.sorted()
    }

    func absolute(_ relative: String) -> String { home + "/" + relative }

    /// Every row of a catalog table as text, ordered, without the autoincrement id of `files`.
    func rows(_ table: String) async throws -> [[String: String]] {
        try await database.read { db in
            let order = table == "files" ? "relative_path" : "id"
            return try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)").map { row in
                var values: [String: String] = [:]
                for (column, value) in row where !(table == "files" && column == "id") {
                    values[column] = value.isNull ? "NULL" : "\(value)"
                }
                return values
            }
        }
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
    func upsert(_ call: CallEntry) async throws -> UpsertOutcome {
        try await database.write { [catalog] db in try catalog.upsertCall(call, in: db) }
    }

    func upsert(_ recording: RecordingEntry) async throws -> UpsertOutcome {
        try await database.write { [catalog] db in try catalog.upsertRecording(recording, in: db) }
    }
}
