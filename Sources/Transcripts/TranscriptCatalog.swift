/// Where transcripts are catalogued and searched: the rows behind `{stem}.transcript.json`,
/// their segments and the full-text index over them.
///
/// The index is kept in step with the segments by the catalog itself, in the same transaction
/// as every change, so a search never finds words that are not (or no longer) stored.
public protocol TranscriptCatalog: Sendable {
    /// Where a recording's transcript stands, or `nil` when the recording has none recorded.
    func transcriptStatus(recordingId: String) async throws -> TranscriptStatus?

    /// The stored transcript of a recording, or `nil`.
    func storedTranscript(recordingId: String) async throws -> StoredTranscript?

    /// Stores `transcript` (rows, segments, index) for a recording in one unit of work, unless
    /// the stored version is as new or newer.
    /// - Returns: Whether it was stored.
    func replaceTranscript(recordingId: String, transcript: Transcript, file: TranscriptFile) async throws -> Bool

    /// Records a state other than `available` (pending, unavailable, none) with its reason; an
    /// available transcript is never downgraded.
    func setTranscriptStatus(recordingId: String, _ status: TranscriptStatus) async throws

    /// The recording an async AI job transcribes, or `nil`.
    func recordingId(aiJobId: String) async throws -> String?

    /// Every stored transcript's file, ordered by path (for verification).
    func transcriptFiles() async throws -> [String: TranscriptFile]

    /// Searches what was said.
    /// - Throws: ``TranscriptError`` `.invalidQuery` for a query that asks for nothing.
    func search(_ request: SearchRequest) async throws -> SearchResults
}
