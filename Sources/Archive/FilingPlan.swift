import Essentials
import Foundation
import JobQueue
import Media

/// The blocking half of ``ArchiveStore/file(recording:call:receivedPath:normalizedPath:normalization:receivedSHA256:)``:
/// copy the audio (and the kept original) into `tmp/` while hashing, check the received bytes'
/// hash, and write the sidecar there, every file fsynced. The store then puts them under their
/// keys, sidecar last.
struct FilingPlan: Sendable {
    /// Staged files in `tmp/`, ready to be put under their keys.
    struct Staged: Sendable {
        var audio: (path: String, file: StoredFile)
        var original: (path: String, file: StoredFile)?
        var sidecar: (path: String, file: StoredFile)
        var receivedBytes: Int64
        var receivedSHA256: String

        /// Every staged temporary file.
        var temporaries: [String] { [audio.path] + (original.map { [$0.path] } ?? []) + [sidecar.path] }
    }

    static let temporaryPrefix = ".archive-"

    var layout: ArchiveLayout
    var keepOriginal: Bool
    var recording: RecordingEntry
    var call: CallEntry
    var receivedPath: String
    var audioSource: String
    var audioExtension: String
    var originalExtension: String
    var normalization: NormalizationRecord?
    var expectedSHA256: String
    var callTimestamps: (firstSeenAt: Int64, updatedAt: Int64)
    var recordingCreatedAt: Int64
    var archivedAt: Int64

    func stage() throws -> Staged {
        let tmp = layout.tmpDirectory
        try FileOperations.makeDirectories(tmp)

        let token = UUID().uuidString.prefix(8)
        var temporaries: [String] = []
        func temporary(_ suffix: String) -> String {
            let path = "\(tmp)/\(Self.temporaryPrefix)\(recording.id)-\(token).\(suffix)"
            temporaries.append(path)
            return path
        }
        var staged = false
        defer {
            if !staged { for path in temporaries { unlink(path) } }
        }

        do {
            // The received bytes: checksum first, so a wrong input never reaches the tree.
            let audioIsReceived = audioSource == receivedPath
            let audioTemp = temporary("audio.\(audioExtension)")
            let audioDigest = try FileOperations.copy(from: audioSource, to: audioTemp)
            let receivedDigest = audioIsReceived ? audioDigest : try FileOperations.digest(of: receivedPath)
            guard receivedDigest.sha256 == expectedSHA256 else {
                throw ArchiveError(
                    .checksumMismatch,
                    "\(receivedPath) hashes to \(receivedDigest.sha256), not the \(expectedSHA256) the download recorded")
            }
            let changed = audioDigest.sha256 != receivedDigest.sha256
            var originalTemp: String?
            if changed && keepOriginal {
                let path = temporary("original.\(originalExtension)")
                let copied = try FileOperations.copy(from: receivedPath, to: path)
                guard copied == receivedDigest else {
                    throw ArchiveError(.ioFailed, "\(receivedPath) changed while it was being archived")
                }
                originalTemp = path
            }

            // Paths and rows.
            func relative(_ role: FileRole, _ ext: String) -> String {
                layout.relativePath(recordingId: recording.id, startTimeMillis: call.startTimeMillis, role: role, extension: ext)
            }
            let storedFormat = audioExtension
            let audio = StoredFile(
                recordingId: recording.id, role: .audio, relativePath: relative(.audio, audioExtension),
                bytes: audioDigest.bytes, sha256: audioDigest.sha256, format: storedFormat, createdAt: archivedAt)
            let original = originalTemp.map { _ in
                StoredFile(
                    recordingId: recording.id, role: .original, relativePath: relative(.original, originalExtension),
                    bytes: receivedDigest.bytes, sha256: receivedDigest.sha256, format: originalExtension,
                    createdAt: archivedAt)
            }

            // The sidecar.
            var finalRecording = recording
            finalRecording.state = .archived
            finalRecording.receivedBytes = receivedDigest.bytes
            finalRecording.receivedSHA256 = receivedDigest.sha256
            finalRecording.tmpPath = nil
            finalRecording.lastError = nil
            let sidecar = RecordingSidecar(
                version: 1, call: call, recording: finalRecording,
                parties: .init(
                    direction: call.direction, from: .init(number: call.fromNumber, name: call.fromName),
                    to: .init(number: call.toNumber, name: call.toName)),
                qualification: .init(value: call.qualification, decidingLeg: call.decidingLeg, result: call.result),
                media: .init(before: normalization?.before, after: normalization?.after, normalization: normalization),
                received: .init(bytes: receivedDigest.bytes, sha256: receivedDigest.sha256, format: originalExtension),
                stored: .init(bytes: audioDigest.bytes, sha256: audioDigest.sha256, format: storedFormat),
                files: ([audio] + (original.map { [$0] } ?? [])).map {
                    .init(role: $0.role, path: $0.relativePath, bytes: $0.bytes, sha256: $0.sha256, format: $0.format)
                },
                timestamps: .init(
                    callStart: Millis.iso8601(call.startTimeMillis), archivedAt: archivedAt,
                    archivedAtISO: Millis.iso8601(archivedAt), callFirstSeenAt: callTimestamps.firstSeenAt,
                    callUpdatedAt: callTimestamps.updatedAt, recordingCreatedAt: recordingCreatedAt))
            let sidecarTemp = temporary("json")
            let sidecarDigest = try FileOperations.write(try SidecarCoding.encode(sidecar), to: sidecarTemp)
            let sidecarFile = StoredFile(
                recordingId: recording.id, role: .sidecar, relativePath: relative(.sidecar, "json"),
                bytes: sidecarDigest.bytes, sha256: sidecarDigest.sha256, format: "json", createdAt: archivedAt)

            staged = true
            return Staged(
                audio: (audioTemp, audio), original: originalTemp.flatMap { path in original.map { (path, $0) } },
                sidecar: (sidecarTemp, sidecarFile), receivedBytes: receivedDigest.bytes, receivedSHA256: receivedDigest.sha256)
        }
    }
}
