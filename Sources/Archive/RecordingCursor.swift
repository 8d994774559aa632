/// Where a page of ``RecordingPage`` ended: the last call's start and recording id, written
/// `START.ID` (`1796294408577.1662272103`).
///
/// Callers treat it as opaque; every back end reads and writes the same form, so a cursor stays
/// valid across machines and back ends, and any well-formed cursor names a position.
public struct RecordingCursor: Sendable, Equatable {
    /// The call start of the last recording of the page, milliseconds since 1970.
    public var startMillis: Int64
    /// Its recording id.
    public var recordingId: String

    /// Creates a cursor.
    public init(startMillis: Int64, recordingId: String) {
        self.startMillis = startMillis
        self.recordingId = recordingId
    }

    /// Reads a cursor.
    /// - Throws: ``ArchiveError`` `.invalidArgument` for text that is not a cursor.
    public init(parsing text: String) throws {
        guard let dot = text.firstIndex(of: "."), let start = Int64(text[..<dot]),
            case let id = String(text[text.index(after: dot)...]), ArchiveLayout.isValidRecordingId(id)
        else { throw ArchiveError(.invalidArgument, "the cursor is not one this server made") }
        self.init(startMillis: start, recordingId: id)
    }

    /// The cursor as text.
    public var text: String { "\(startMillis).\(recordingId)" }
}
