public import Archive
import Crypto
import Essentials
public import Foundation
public import SQLiteStore
public import Transcripts

/// Puts recordings into a home the way the pipeline leaves them, without RingCentral or audio
/// decoding: the call and recording rows, an audio file (and optionally a kept original) and a
/// sidecar under their layout keys, the files' rows with real sizes and SHA-256, and a transcript
/// sidecar with its rows, segments and index entries. `verify` is clean on what it builds.
public struct ArchiveBuilder: Sendable {
    /// The catalog the rows go to.
    public let catalog: any CatalogStore
    /// The transcripts and their index.
    public let transcripts: any TranscriptCatalog
    /// The home (storage root).
    public let home: String
    /// The layout (its time zone places the date folders).
    public let layout: ArchiveLayout
    /// Where the files go: the local tree under ``home`` unless given.
    public let storage: any ArchiveStorage

    /// A builder on a catalog for files under `home`.
    public init(
        catalog: any CatalogStore, transcripts: any TranscriptCatalog, home: String, timeZone: TimeZone = .utc,
        storage: (any ArchiveStorage)? = nil
    ) {
        self.catalog = catalog
        self.transcripts = transcripts
        self.home = home
        layout = ArchiveLayout(home: home, timeZone: timeZone)
        self.storage = storage ?? LocalArchiveStorage(root: home)
    }

    /// A builder on the SQLite file `backend` for files under `home`.
    public init(backend: SQLiteBackend, home: String, timeZone: TimeZone = .utc) {
        self.init(catalog: backend.catalog, transcripts: backend.catalog, home: home, timeZone: timeZone)
    }

    /// Adds one archived recording.
    /// - Parameters:
    ///   - lines: What is said, one segment each; none stores no transcript.
    ///   - original: Also keep an original file.
    @discardableResult
    public func add(
        recordingId: String, callStart: Int64, from: String = "+14155550001", to: String = "+12125550188", lines: [String] = [],
        original: Bool = false, audioBytes: Int = 4_096
    ) async throws -> ArchivedRecording {
        let call = CallEntry(
            id: "call-\(recordingId)", startTimeMillis: callStart, durationSeconds: 30, direction: "Inbound", fromNumber: from,
            fromName: "Caller \(recordingId)", toNumber: to, toName: "Support", result: "Accepted", qualification: "accepted",
            recordJSON: #"{"id":"call-\#(recordingId)"}"#)
        let recording = RecordingEntry(
            id: recordingId, callId: call.id, contentUri: "https://media.example/recording/\(recordingId)/content", recordingType: "Automatic",
            expectedDurationSeconds: 30)
        _ = try await catalog.beginFiling(call: call, recording: recording)
        let storage = self.storage
        func store(_ bytes: [UInt8], role: FileRole, ext: String, format: String) async throws -> StoredFile {
            let key = layout.relativePath(recordingId: recordingId, startTimeMillis: callStart, role: role, extension: ext)
            try await storage.put(data: bytes, key: key)
            return StoredFile(
                recordingId: recordingId, role: role, relativePath: key, bytes: Int64(bytes.count), sha256: Self.sha256(bytes), format: format,
                createdAt: callStart)
        }
        var generator = SeededGenerator(string: recordingId)
        let audio = (0..<audioBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let audioFile = try await store(audio, role: .audio, ext: "mp3", format: "mp3")
        let originalFile = original ? try await store(audio.reversed(), role: .original, ext: "wav", format: "wav") : nil
        let sidecar = Array(#"{"recording":"\#(recordingId)","call":"\#(call.id)"}"#.utf8)
        let sidecarFile = try await store(sidecar, role: .sidecar, ext: "mp3", format: "json")
        let archived = ArchivedRecording(
            recordingId: recordingId, audio: audioFile, original: originalFile, sidecar: sidecarFile, receivedBytes: Int64(audio.count),
            receivedSHA256: audioFile.sha256, alreadyArchived: false)
        try await catalog.completeFiling(archived, archivedAt: callStart, followUps: [])
        if !lines.isEmpty {
            let transcript = Transcript(
                source: .ringsense, versionMillis: callStart + 60_000, language: "en-US",
                speakers: [TranscriptSpeaker(id: "1", name: "Agent Alex"), TranscriptSpeaker(id: "2", name: "Customer")],
                segments: lines.enumerated().map { index, text in
                    TranscriptSegment(speakerId: index % 2 == 0 ? "1" : "2", start: Double(index * 4), end: Double(index * 4 + 3), text: text)
                })
            let key = TranscriptSidecar.key(forAudioKey: audioFile.relativePath)
            let bytes = try TranscriptSidecar(recordingId: recordingId, transcript: transcript, raw: .object(["lines": .int(Int64(lines.count))]))
                .encoded()
            try await storage.put(data: bytes, key: key)
            _ = try await transcripts.replaceTranscript(
                recordingId: recordingId, transcript: transcript,
                file: TranscriptFile(relativePath: key, bytes: Int64(bytes.count), sha256: Self.sha256(bytes)))
        }
        return archived
    }

    /// Lowercase hex SHA-256.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Every key under `recordings/` in ``storage``, sorted (the local tree or the object store).
    public func storedKeys() async throws -> [String] {
        try await storage.list(prefix: "recordings/").sorted()
    }

    /// Every file under `recordings/`, relative to the home, sorted.
    public func treeFiles() throws -> [String] {
        let root = home + "/recordings"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append("recordings/" + path)
            }
        }
        return files.sorted()
    }
}
