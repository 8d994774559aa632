/// Counts over the catalog, for reports.
public struct CatalogSummary: Sendable, Equatable, Codable {
    /// Calls by qualification (accepted, voicemail, …).
    public var callsByQualification: [String: Int]
    /// Recordings by state.
    public var recordingsByState: [String: Int]
    /// Bytes of every stored file.
    public var storedBytes: Int64
    /// Stored audio files by format.
    public var audioByFormat: [String: Int]
    /// Kept originals.
    public var originals: Int
    /// Failed recordings with their last error, by id.
    public var failures: [Failure]
    /// Transcripts by state (`available`, `pending`, `unavailable`, `none`).
    public var transcriptsByState: [String: Int]

    /// A recording that failed for good.
    public struct Failure: Sendable, Equatable, Codable {
        public var recordingId: String
        public var error: String

        /// Creates a failure.
        public init(recordingId: String, error: String) {
            self.recordingId = recordingId
            self.error = error
        }
    }

    /// Creates a summary.
    public init(
        callsByQualification: [String: Int] = [:], recordingsByState: [String: Int] = [:], storedBytes: Int64 = 0,
        audioByFormat: [String: Int] = [:], originals: Int = 0, failures: [Failure] = [], transcriptsByState: [String: Int] = [:]
    ) {
        self.callsByQualification = callsByQualification
        self.recordingsByState = recordingsByState
        self.storedBytes = storedBytes
        self.audioByFormat = audioByFormat
        self.originals = originals
        self.failures = failures
        self.transcriptsByState = transcriptsByState
    }

    /// Calls of every qualification.
    public var calls: Int { callsByQualification.values.reduce(0, +) }
}
