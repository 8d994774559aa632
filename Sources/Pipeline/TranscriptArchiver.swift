import Archive
import Crypto
public import Essentials
import Foundation
public import Transcripts

/// Stores a recording's transcript: `{stem}.transcript.json` beside the audio, then the catalog's
/// rows and index, in that order and under the recording's filing lock, and only when the
/// version is newer than the stored one. A crash between the two leaves a sidecar the next
/// delivery or `reindex` catalogs; never a row without its file.
public struct TranscriptArchiver: Sendable {
    let catalog: any CatalogStore
    let transcripts: any TranscriptCatalog
    let archive: ArchiveStore
    let redactor: TranscriptRedactor

    /// An archiver on the pipeline's catalog and storage, masking what
    /// ``TranscriptSettings/redaction`` names.
    public init(_ context: PipelineContext) {
        catalog = context.catalog
        transcripts = context.transcripts
        archive = context.archive
        redactor = TranscriptRedactor(kinds: context.transcriptSettings.redaction)
    }

    /// Stores `transcript` for `recordingId` unless an equal or newer version is stored. With
    /// redaction on, card numbers and SSNs are masked first, in the transcript and in the raw
    /// response alike, so they reach neither the sidecar nor the search index.
    /// - Parameter raw: The response as received, kept in the sidecar.
    /// - Returns: Whether it was stored.
    /// - Throws: ``TranscriptError`` `.notFound` when the recording is not archived (its audio
    ///   decides where the sidecar goes), or the storage's and catalog's errors.
    @discardableResult
    public func store(recordingId: String, transcript: Transcript, raw: AnyJSON) async throws -> Bool {
        let (transcript, raw) = redactor.redact(transcript, raw: raw)
        return try await archive.locks.withLock(recordingId: recordingId) {
            if let current = try await transcripts.transcriptStatus(recordingId: recordingId), current.state == .available,
                let version = current.versionMillis, version >= transcript.versionMillis
            {
                return false
            }
            guard let audio = try await catalog.files(recordingId: recordingId).first(where: { $0.role == .audio }) else {
                throw TranscriptError(.notFound, "recording \(recordingId) has no archived audio to file a transcript beside")
            }
            let key = TranscriptSidecar.key(forAudioKey: audio.relativePath)
            let bytes = try TranscriptSidecar(recordingId: recordingId, transcript: transcript, raw: raw).encoded()
            try await archive.storage.put(data: bytes, key: key)
            let file = TranscriptFile(
                relativePath: key, bytes: Int64(bytes.count), sha256: Hex.encode(SHA256.hash(data: bytes)))
            return try await transcripts.replaceTranscript(recordingId: recordingId, transcript: transcript, file: file)
        }
    }
}
